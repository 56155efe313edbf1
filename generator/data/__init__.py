"""Stage 3, data: the model written as YAML datasets with JSON Schemas, downloads and an SQLite database, and checked."""
