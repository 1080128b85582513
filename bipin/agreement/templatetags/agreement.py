import math

from django import template

register = template.Library()


@register.filter
def stat(value, decimals=2):
    """A statistic with ``decimals`` places, or "—" where there is none (NaN: too few marks)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    return f"{float(value):.{int(decimals)}f}"


@register.filter
def signed(value, decimals=2):
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    return f"{float(value):+.{int(decimals)}f}"
