"""The registration tables the audit log answers for (bipin.audit.tracked).

A registration's status decides whether a sample is judged at all, its
entrant link is the sealed key of the blind codes, and a measurement is a
score's input: any of them changed behind Bipin's back is named by
``bipin audit verify``.
"""

from django.utils.translation import pgettext_lazy

from bipin.registration.models import Measure, Measurement, Registration, Window

TRACKED = {
    Window: "contest",
    Registration: "contest",
    Measure: "contest",
    Measurement: "registration__contest",
}

AUDIT_ACTIONS = {
    "registration.window": pgettext_lazy("audit", "设置报名"),
    "registration.register": pgettext_lazy("audit", "报名"),
    "registration.import": pgettext_lazy("audit", "导入报名"),
    "registration.receive": pgettext_lazy("audit", "收样"),
    "registration.reject": pgettext_lazy("audit", "退样"),
    "registration.codes": pgettext_lazy("audit", "生成盲评编号"),
    "registration.measure": pgettext_lazy("audit", "设置客观指标"),
    "registration.measurements": pgettext_lazy("audit", "录入客观指标"),
}

AUDIT_TARGETS = {
    "registration": pgettext_lazy("audit target", "报名"),
}
