"""The rectification tables the audit log answers for (bipin.audit.tracked).

A Recheck's outcome charges a finding's deduction again, so it is a score's
input. Tasks, their history and extensions decide no points, but they are
what a county is held to, so they are tracked too: a deadline moved or a state
changed in the database behind Bipin's back is named by ``bipin audit verify``.
"""

from django.utils.translation import gettext_lazy as _

from bipin.rectification.models import Extension, Recheck, Task, Term, Transition

TRACKED = {
    Term: "round__contest",
    Task: "contest",
    Transition: "task__contest",
    Extension: "task__contest",
    Recheck: "round__contest",
}

# Audit actions in words for the audit log page (bipin.audit.actions).
AUDIT_ACTIONS = {
    "rectification.open": _("下发整改任务"),
    "rectification.answer": _("填报整改情况"),
    "rectification.submit": _("提交整改情况"),
    "rectification.verify": _("验收整改"),
    "rectification.return": _("退回整改"),
    "rectification.close": _("办结整改任务"),
    "rectification.cancel": _("撤销整改任务"),
    "rectification.deadline": _("修改整改时限"),
    "rectification.term": _("设置整改期限"),
    "rectification.extension.request": _("申请延期"),
    "rectification.extension.granted": _("同意延期"),
    "rectification.extension.refused": _("不同意延期"),
    "rectification.recheck": _("回头看复查"),
    "rectification.recheck.correct": _("更正回头看结果"),
    "rectification.recheck.settle": _("认定回头看结果"),
}
