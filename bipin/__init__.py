"""Bipin (比拼): judging and composite assessment.

Layers (see docs/architecture.md): ``bipin.scoring`` is the pure scoring core,
``bipin.io`` reads and writes files, and the Django apps beside them serve the web.
"""

__version__ = "0.1.0"
