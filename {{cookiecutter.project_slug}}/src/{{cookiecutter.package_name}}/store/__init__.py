"""Persistence: the ChatKit Store, its schema, row content, retention and attachment files."""
