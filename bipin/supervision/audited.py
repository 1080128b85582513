"""The supervision tables that scores depend on (bipin.audit.tracked)."""

from django.utils.translation import pgettext_lazy

from bipin.supervision.models import Record, RecordEvidence

TRACKED = {Record: "contest", RecordEvidence: "record__contest"}

# Audit actions in words for the audit log page (bipin.audit.actions).
AUDIT_ACTIONS = {
    "supervision.add": pgettext_lazy("audit", "登记日常监督记录"),
    "supervision.edit": pgettext_lazy("audit", "修改日常监督记录"),
    "supervision.correct": pgettext_lazy("audit", "更正日常监督记录"),
    "supervision.submit": pgettext_lazy("audit", "提交日常监督记录"),
    "supervision.approve": pgettext_lazy("audit", "审核通过日常监督记录"),
    "supervision.return": pgettext_lazy("audit", "退回日常监督记录"),
    "supervision.import": pgettext_lazy("audit", "导入日常监督记录"),
}
