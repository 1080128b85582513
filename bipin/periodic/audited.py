"""The periodic app's tables the audit log answers for (bipin.audit.tracked).

All of them: the hierarchy decides which county a unit's figures count for;
the people decide who approved; the form's fields, periods and mappings
decide what a figure is and which leaf it feeds; reports, their review
history, values and corrections are the figures themselves.
"""

from django.utils.translation import pgettext_lazy

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
    "periodic.form.create": pgettext_lazy("audit", "创建报表"),
    "periodic.field.add": pgettext_lazy("audit", "添加报表字段"),
    "periodic.field.map": pgettext_lazy("audit", "关联报表字段与指标"),
    "periodic.period.add": pgettext_lazy("audit", "添加填报周期"),
    "periodic.unit.add": pgettext_lazy("audit", "添加填报单位"),
    "periodic.unit.update": pgettext_lazy("audit", "修改填报单位"),
    "periodic.unit.delete": pgettext_lazy("audit", "删除填报单位"),
    "periodic.unit.import": pgettext_lazy("audit", "导入填报单位"),
    "periodic.person.assign": pgettext_lazy("audit", "指派填报人"),
    "periodic.person.remove": pgettext_lazy("audit", "移除填报人"),
    "period-report.save": pgettext_lazy("audit", "保存定期报表"),
    "period-report.attach": pgettext_lazy("audit", "为定期报表上传附件"),
    "period-report.correct": pgettext_lazy("audit", "更正定期报表"),
}

# What a review workflow (bipin.reporting.review) moves, for "<object>.<verb>" actions.
AUDIT_OBJECTS = {
    "period-report": pgettext_lazy("audit", "定期报表"),
}
