"""What a client reads: the report context, words in each language, number formats, charts and one module per notebook page."""
