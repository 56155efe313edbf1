"""Stage 2, knowledge: extract people, bodies, sessions, projects and dated events from segmented documents, and resolve them into one model."""
