"""The file picker's filter for imports, from the one list of formats Bipin reads.

A hand-written accept=".xlsx,.csv" once hid .xls files in the picker of every
import page though the readers took them; every upload input takes its filter
from :mod:`bipin.io.formats` through this tag instead.
"""

from django import template

from bipin.io.formats import SCHEME_ACCEPT, TABLE_ACCEPT

register = template.Library()


@register.simple_tag
def upload_accept(kind: str = "table") -> str:
    """``{% upload_accept "scheme" %}``: what a scheme upload takes; tables otherwise."""
    return SCHEME_ACCEPT if kind == "scheme" else TABLE_ACCEPT
