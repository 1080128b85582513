"""Backup and restore: the database, the uploaded files and the configuration in one file.

``archive`` is the file format (no Django), ``config`` which settings are kept
(never a secret), ``dump`` writes a backup and ``load`` restores one; the
commands are `bipin backup` and `bipin restore` (bipin.commands). See docs/backup.md.
"""
