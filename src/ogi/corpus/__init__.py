"""The corpus: many reports stored, compared and exported."""
