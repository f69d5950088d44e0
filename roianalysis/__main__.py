"""``python -m roianalysis``: the command line."""

import sys

from roianalysis.cli import main

sys.exit(main())
