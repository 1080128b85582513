"""The department grids' tables that scores depend on (bipin.audit.tracked)."""

from django.utils.translation import pgettext_lazy

from bipin.reporting.models import Attachment, ReviewEvent, Submission, Value

TRACKED = {
    Submission: "contest",
    Value: "submission__contest",
    ReviewEvent: "submission__contest",
    Attachment: "submission__contest",
}

# Audit actions in words for the audit log page (bipin.audit.actions).
AUDIT_ACTIONS = {
    "dept-submission.create": pgettext_lazy("audit", "创建部门评价表"),
    "dept-submission.deadline": pgettext_lazy("audit", "设置部门评价截止时间"),
    "dept-value.save": pgettext_lazy("audit", "填写部门评价分值"),
    "dept-evidence.attach": pgettext_lazy("audit", "为部门评价上传附件"),
}

# What a review workflow (bipin.reporting.review) moves, for "<object>.<verb>" actions.
AUDIT_OBJECTS = {
    "dept-submission": pgettext_lazy("audit", "部门评价表"),
    "submission": pgettext_lazy("audit", "填报表"),
}

# The review workflow's verbs, said before the object: 提交 + 部门评价表.
AUDIT_VERBS = {
    "submit": pgettext_lazy("audit", "提交"),
    "approve": pgettext_lazy("audit", "审核通过"),
    "return": pgettext_lazy("audit", "退回"),
    "undo": pgettext_lazy("audit", "撤销审核"),
    "reopen": pgettext_lazy("audit", "重新打开"),
    "correct": pgettext_lazy("audit", "更正"),
}
