"""Database plumbing shared by the apps: the SQLite backend and fixed statements."""
