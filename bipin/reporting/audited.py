"""The department grids' tables that scores depend on (bipin.audit.tracked)."""

from django.utils.translation import gettext_lazy as _

from bipin.reporting.models import Attachment, ReviewEvent, Submission, Value
from bipin.reporting.review import ReviewAction

TRACKED = {
    Submission: "contest",
    Value: "submission__contest",
    ReviewEvent: "submission__contest",
    Attachment: "submission__contest",
}

# Audit actions in words for the audit log page (bipin.audit.actions).
AUDIT_ACTIONS = {
    "dept-submission.create": _("创建部门评价表"),
    "dept-submission.deadline": _("设置部门评价截止时间"),
    "dept-value.save": _("填写部门评价分值"),
    "dept-evidence.attach": _("为部门评价上传附件"),
}

# What a review workflow (bipin.reporting.review) moves, for "<object>.<verb>" actions.
AUDIT_OBJECTS = {
    "dept-submission": _("部门评价表"),
    "submission": _("填报表"),
}

# The review workflow's verbs, said before the object: 提交 + 部门评价表.
AUDIT_VERBS = {action.value: action.label for action in ReviewAction}
