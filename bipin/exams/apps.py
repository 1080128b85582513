from django.apps import AppConfig


class ExamsConfig(AppConfig):
    name = "bipin.exams"
    label = "exams"
    verbose_name = "政策测试"
