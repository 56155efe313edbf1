"""Stage 1, text: read sources, strip markup, repair text (every repair logged), drop boilerplate, segment into sections, paragraphs, chronology entries and tables."""
