from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "bipin.accounts"
    label = "accounts"
    verbose_name = "账号"
