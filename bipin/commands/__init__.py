"""Subcommands of the ``bipin`` command line (see :mod:`bipin.cli`)."""
