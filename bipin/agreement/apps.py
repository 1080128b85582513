from django.apps import AppConfig


class AgreementConfig(AppConfig):
    name = "bipin.agreement"
    label = "agreement"
    verbose_name = "评委一致性分析"
