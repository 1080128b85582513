"""The supervision tables that scores depend on (bipin.audit.tracked)."""

from django.utils.translation import gettext_lazy as _

from bipin.supervision.models import Record, RecordEvidence

TRACKED = {Record: "contest", RecordEvidence: "record__contest"}

# Audit actions in words for the audit log page (bipin.audit.actions).
AUDIT_ACTIONS = {
    "supervision.add": _("登记日常监督记录"),
    "supervision.edit": _("修改日常监督记录"),
    "supervision.correct": _("更正日常监督记录"),
    "supervision.submit": _("提交日常监督记录"),
    "supervision.approve": _("审核通过日常监督记录"),
    "supervision.return": _("退回日常监督记录"),
    "supervision.import": _("导入日常监督记录"),
}
