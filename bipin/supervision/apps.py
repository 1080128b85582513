from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "bipin.supervision"
    label = "supervision"
    verbose_name = "日常监督"
