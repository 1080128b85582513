"""Reading and writing the files people already use (YAML, CSV, XLSX, PDF).

Every reader validates the whole file first and reports every problem with the
sheet, row and column it found it in; callers write nothing unless the whole
file is clean (see :class:`bipin.io.problems.ImportFailed`).
"""

from bipin.io.problems import ImportFailed, Problem
from bipin.io.tables import Column, Row, read_table

__all__ = ["Column", "ImportFailed", "Problem", "Row", "read_table"]
