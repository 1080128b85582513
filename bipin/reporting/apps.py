from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "bipin.reporting"
    label = "reporting"
    verbose_name = "行业部门评价"
