"""``{% loopback_warning %}``: a warning where a QR code or link carries an
address only this computer can open (see :func:`bipin.accounts.qr.only_this_computer`)."""

from django import template
from django.conf import settings

from bipin.accounts.qr import only_this_computer

register = template.Library()


@register.inclusion_tag("loopback_warning.html")
def loopback_warning() -> dict:
    return {"warn": only_this_computer(), "site_url": settings.SITE_URL}
