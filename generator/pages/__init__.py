"""Stage 4, pages: the datasets rendered as Markdown pages through Jinja, with charts, the relationship view and citations."""
