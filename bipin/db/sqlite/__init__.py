"""Django's SQLite backend with writers queued on an OS lock (see ``base``)."""
