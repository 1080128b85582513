from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "bipin.results"
    label = "results"
    verbose_name = "成绩与报告"
