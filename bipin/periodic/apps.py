from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeriodicConfig(AppConfig):
    name = "bipin.periodic"
    label = "periodic"
    verbose_name = _("定期报表")
