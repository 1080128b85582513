"""The campaign tables the audit log answers for (bipin.audit.tracked).

A household's stars are what its village is told in 公示; the answers they
were computed from, the township's approval that froze them and the list as
published are named by ``bipin audit verify`` if changed behind Bipin's back.
"""

from django.utils.translation import pgettext_lazy

from bipin.campaigns.models import (
    Area,
    Assignment,
    Campaign,
    Household,
    Objection,
    Publication,
    Review,
    Sample,
    Score,
)

TRACKED = {
    Campaign: "contest",
    Area: "campaign__contest",
    Assignment: "membership__contest",
    Household: "campaign__contest",
    Score: "household__campaign__contest",
    Review: "village__campaign__contest",
    Sample: "village__campaign__contest",
    Publication: "village__campaign__contest",
    Objection: "household__campaign__contest",
}

AUDIT_ACTIONS = {
    "campaign.create": pgettext_lazy("audit", "创建评星活动"),
    "campaign.assign": pgettext_lazy("audit", "指定评分员或审核人的村镇"),
    "campaign.import": pgettext_lazy("audit", "导入农户"),
    "campaign.score": pgettext_lazy("audit", "评定农户星级"),
    "campaign.score_rows": pgettext_lazy("audit", "导入评分表的一批评分"),
    "campaign.score_import": pgettext_lazy("audit", "导入评分表"),
    "campaign.sample": pgettext_lazy("audit", "抽查农户"),
    "campaign.review": pgettext_lazy("audit", "审核村评星名单"),
    "campaign.publish": pgettext_lazy("audit", "公示村评星名单"),
    "campaign.objection": pgettext_lazy("audit", "农户提出异议"),
    "campaign.answer": pgettext_lazy("audit", "答复农户异议"),
}

AUDIT_TARGETS = {
    "campaign": pgettext_lazy("audit target", "评星活动"),
    "village": pgettext_lazy("audit target", "村"),
    "household": pgettext_lazy("audit target", "农户"),
}
