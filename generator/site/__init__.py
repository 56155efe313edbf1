"""Stage 5, site: the MkDocs configuration of each script variant, the builds and the Pagefind search index."""
