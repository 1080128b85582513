"""The rectification tables the audit log answers for (bipin.audit.tracked).

A Recheck's outcome charges a finding's deduction again, so it is a score's
input. Tasks, their history and extensions decide no points, but they are
what a county is held to, so they are tracked too: a deadline moved or a state
changed in the database behind Bipin's back is named by ``bipin audit verify``.
"""

from django.utils.translation import pgettext_lazy

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
    "rectification.open": pgettext_lazy("audit", "下发整改任务"),
    "rectification.answer": pgettext_lazy("audit", "填报整改情况"),
    "rectification.submit": pgettext_lazy("audit", "提交整改情况"),
    "rectification.verify": pgettext_lazy("audit", "验收整改"),
    "rectification.return": pgettext_lazy("audit", "退回整改"),
    "rectification.close": pgettext_lazy("audit", "办结整改任务"),
    "rectification.cancel": pgettext_lazy("audit", "撤销整改任务"),
    "rectification.deadline": pgettext_lazy("audit", "修改整改时限"),
    "rectification.term": pgettext_lazy("audit", "设置整改期限"),
    "rectification.extension.request": pgettext_lazy("audit", "申请延期"),
    "rectification.extension.granted": pgettext_lazy("audit", "同意延期"),
    "rectification.extension.refused": pgettext_lazy("audit", "不同意延期"),
    "rectification.recheck": pgettext_lazy("audit", "回头看复查"),
    "rectification.recheck.correct": pgettext_lazy("audit", "更正回头看结果"),
    "rectification.recheck.settle": pgettext_lazy("audit", "认定回头看结果"),
}

# What a record's target "<kind>:<id>" names, said as words + #id (bipin.audit.actions).
AUDIT_TARGETS = {
    "task": pgettext_lazy("audit target", "整改任务"),
}
