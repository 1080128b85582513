from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "bipin.contests"
    label = "contests"
    verbose_name = _("活动设置")

    def ready(self) -> None:
        # Before any URLconf is imported: every app's ids in URLs are <id:...>.
        from django.urls import register_converter

        from bipin.contests.params import IdConverter

        register_converter(IdConverter, "id")
