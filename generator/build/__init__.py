"""The build: the pipeline that runs the stages in order, the MkDocs hooks, the preview server and the evaluation against gold facts."""
