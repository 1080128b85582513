from django.apps import AppConfig


class ContestsConfig(AppConfig):
    name = "bipin.contests"
    label = "contests"
    verbose_name = "比拼活动"
