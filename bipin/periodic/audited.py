"""The periodic app's tables the audit log answers for (bipin.audit.tracked).

All of them: the hierarchy decides which county a unit's figures count for;
the people decide who approved; the form's fields, periods and mappings
decide what a figure is and which leaf it feeds; reports, their review
history, values and corrections are the figures themselves.
"""

from django.utils.translation import gettext_lazy as _

from bipin.periodic.models import (
    Correction,
    Field,
    Form,
    Period,
    Report,
    ReportEvent,
    Unit,
    UnitPerson,
    Value,
)

TRACKED = {
    Unit: "contest",
    UnitPerson: "unit__contest",
    Form: "contest",
    Field: "form__contest",
    Period: "form__contest",
    Report: "unit__contest",
    ReportEvent: "report__unit__contest",
    Value: "report__unit__contest",
    Correction: "value__report__unit__contest",
}

# Audit actions in words for the audit log page (bipin.audit.actions).
AUDIT_ACTIONS = {
    "periodic.form.create": _("创建报表"),
    "periodic.field.add": _("添加报表字段"),
    "periodic.field.map": _("关联报表字段与指标"),
    "periodic.period.add": _("添加填报周期"),
    "periodic.unit.add": _("添加填报单位"),
    "periodic.unit.update": _("修改填报单位"),
    "periodic.unit.delete": _("删除填报单位"),
    "periodic.unit.import": _("导入填报单位"),
    "periodic.person.assign": _("指派填报人"),
    "periodic.person.remove": _("移除填报人"),
    "period-report.save": _("保存定期报表"),
    "period-report.attach": _("为定期报表上传附件"),
    "period-report.correct": _("更正定期报表"),
}

# What a review workflow (bipin.reporting.review) moves, for "<object>.<verb>" actions.
AUDIT_OBJECTS = {
    "period-report": _("定期报表"),
}
