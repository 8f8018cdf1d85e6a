"""`make bench`: synthetic-site generation and the build/impact benchmark (see README)."""
