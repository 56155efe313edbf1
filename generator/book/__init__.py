"""Stage 6, book: the printable book of each variant, typeset by Typst from the built pages."""
