"""Knowledge-base generator for China–Singapore cooperation (中新合作)."""
