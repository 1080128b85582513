from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "bipin.inspections"
    label = "inspections"
    verbose_name = "实地核查"
