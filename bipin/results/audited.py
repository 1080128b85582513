"""The results tables that scores and published results depend on (bipin.audit.tracked).

Imported values and which of them count (a batch's status, a supersession),
the snapshots that hold the released figures, and the releases and public
notices that say which snapshot is the result. Every model of the app is
listed: none of them is only presentation.
"""

from django.utils.translation import pgettext_lazy

from bipin.results.models import ImportBatch, ImportedObservation, Release, Snapshot, Supersession

TRACKED = {
    ImportBatch: "contest",
    ImportedObservation: "batch__contest",
    # Both ends of a supersession are rows of the same contest.
    Supersession: "new__batch__contest",
    Snapshot: "contest",
    Release: "contest",
}

# Audit actions in words for the audit log page (bipin.audit.actions).
AUDIT_ACTIONS = {
    "observations.import": pgettext_lazy("audit", "导入考评数据"),
    "observations.import_start": pgettext_lazy("audit", "开始后台导入考评数据"),
    "observations.import_rows": pgettext_lazy("audit", "写入考评数据(分批)"),
    "observations.withdraw": pgettext_lazy("audit", "撤回考评数据"),
    "results.compute": pgettext_lazy("audit", "计算成绩"),
    "results.release": pgettext_lazy("audit", "发布成绩"),
    "results.notice": pgettext_lazy("audit", "设置公示"),
}
