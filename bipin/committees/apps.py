from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "bipin.committees"
    label = "committees"
    verbose_name = _("评审委员会")
