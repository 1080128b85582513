from django.apps import AppConfig


class JudgingConfig(AppConfig):
    name = "bipin.judging"
    label = "judging"
    verbose_name = "现场评审"
