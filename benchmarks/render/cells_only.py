"""The notebooks' own work: their code cells run with no kernel, no messaging and no export.

Imports everything once (like the renderer's zygote), then for every (client, notebook) forks a
process that executes the notebook's code cells in a fresh namespace and formats every displayed
object the way a Jupyter kernel does (tables to HTML, figures to PNG). Prints one JSON object:
``{"cpu": <user+sys seconds of the forked processes>, "reports": n, "failed": k}``.

No renderer can spend less than this per report: it is the floor under ``roianalysis render`` and
under the naive loop alike, and ``naive CPU / this`` is the most any renderer could gain.

Usage: ``python cells_only.py JOBS DATA_DIR NOTEBOOKS_DIR PERIOD CLIENT [CLIENT...]`` (``JOBS``
notebooks at once, as the renderers compared ran them: CPU time per report grows when two
processes share the cores).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def _run_cells(nb_path: Path, params: dict) -> None:
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.core.pylabtools import activate_matplotlib
    from matplotlib_inline.backend_inline import configure_inline_support

    backend = "module://matplotlib_inline.backend_inline"
    shell = InteractiveShell.instance()
    activate_matplotlib(backend)
    configure_inline_support(shell, backend)

    def display(*objs, **_kwargs):
        for obj in objs:
            shell.display_formatter.format(obj)

    import IPython.core.display_functions as display_functions
    import IPython.display

    IPython.display.display = display
    display_functions.display = display
    nb = json.loads(nb_path.read_text())
    namespace: dict = {"__name__": "__main__"}
    namespace.update(params)
    os.chdir(nb_path.parent)
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and "parameters" not in cell["metadata"].get("tags", []):
            exec(compile("".join(cell["source"]), str(nb_path), "exec"), namespace)


def main(argv: list[str]) -> int:
    jobs, data_dir, nb_dir, period, *clients = argv
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    from roianalysis.render import forkserver

    forkserver._preload(list(forkserver.BASE_PRELOAD))
    import gc

    gc.collect()
    gc.freeze()  # as the renderer's zygote does before forking kernels
    notebooks = sorted(Path(nb_dir).resolve().glob("[0-9]*.ipynb"))
    todo = [(c, nb) for c in clients for nb in notebooks]
    cpu, failed, reports, running = 0.0, 0, 0, 0
    while todo or running:
        while todo and running < int(jobs):  # as many at once as the renderers ran
            client, nb = todo.pop(0)
            params = {"client": client, "period": period, "comparison": "previous",
                      "data_dir": str(Path(data_dir).resolve()), "output_dir": "/tmp", "lang": None}
            if os.fork() == 0:
                code = 0
                try:
                    _run_cells(nb, params)
                except BaseException:  # noqa: BLE001 - counted as a failure by the parent
                    code = 1
                os._exit(code)
            running += 1
        _pid, status, usage = os.wait4(-1, 0)
        running -= 1
        cpu += usage.ru_utime + usage.ru_stime
        reports += 1
        failed += int(os.waitstatus_to_exitcode(status) != 0)
    print(json.dumps({"cpu": cpu, "reports": reports, "failed": failed}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
