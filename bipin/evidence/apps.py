from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "bipin.evidence"
    label = "evidence"
    verbose_name = "佐证材料"
