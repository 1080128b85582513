"""What still refers to a set-up row, said in words, so a delete can be refused.

Deleting a row that scores, answers or records hang from would either fail
(PROTECT) or silently take them along (CASCADE). Every page that deletes
set-up asks :func:`refusal` first; a row is deleted only when nothing but the
rows the caller names as part of it (a panel's seats) refers to it. SET_NULL
references (what the hall's screen shows now) never stop a delete.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["Refused", "check_deletable", "dependents"]

# How the rows that refer to set-up are named on a page (model label -> zh, en).
NAMES = {
    "accounts.Invitation": ("邀请", "invitations"),
    "contests.Entrant": ("参评对象", "entrants"),
    "contests.Membership": ("人员角色", "roles"),
    "judging.Recusal": ("回避登记", "recusals"),
    "judging.Sheet": ("评分表", "score sheets"),
    "judging.Presentation": ("现场汇报记录", "presentations"),
    "exams.Candidate": ("测试考生", "exam candidates"),
    "exams.PaperItem": ("试卷中的题目", "questions on papers"),
    "exams.Sitting": ("考试场次", "sittings"),
    "inspections.Visit": ("核查安排", "inspection visits"),
    "inspections.Finding": ("核查问题", "findings"),
    "rectification.Task": ("整改任务", "rectification tasks"),
    "reporting.Value": ("部门评价填报值", "department values"),
    "reporting.Attachment": ("部门评价附件", "department attachments"),
    "supervision.Record": ("日常监督记录", "supervision records"),
    "periodic.Unit": ("定期报表单位", "periodic report units"),
    "results.ImportedObservation": ("导入的考评数据行", "imported data rows"),
}


def dependents(obj, *, part_of: Iterable[str] = ()) -> list[tuple[str, str, int]]:
    """(zh name, en name, count) of every kind of row that still refers to ``obj``.

    ``part_of`` names model labels that belong to ``obj`` and go with it.
    """
    skip = set(part_of)
    found = []
    for rel in obj._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and rel.remote_field is not None):
            continue
        label = rel.related_model._meta.label
        if label in skip or rel.on_delete.__name__ == "SET_NULL":
            continue
        n = rel.related_model._default_manager.filter(**{rel.field.name: obj}).count()
        if n:
            zh, en = NAMES.get(label, (label, label))
            found.append((zh, en, n))
    return found


class Refused(Exception):
    """A set-up change refused, with why in both languages (shown as "中文 / English")."""

    def __init__(self, zh: str, en: str) -> None:
        self.zh, self.en = zh, en
        super().__init__(en)

    def __str__(self) -> str:
        return f"{self.zh} / {self.en}"


def check_deletable(obj, what_zh: str, what_en: str, *, part_of: Iterable[str] = ()) -> None:
    """Raise :class:`Refused` naming what still depends on ``obj``, if anything does."""
    found = dependents(obj, part_of=part_of)
    if found:
        raise Refused(
            f"不能删除{what_zh}:已有" + "、".join(f"{zh} {n} 条" for zh, _, n in found)
            + "依赖它。请先处理这些数据,或保留它。",
            f"cannot delete {what_en}: " + ", ".join(f"{n} {en}" for _, en, n in found)
            + " depend on it. Deal with those first, or keep it.")


def delete_checked(actor, obj, action: str, what_zh: str, what_en: str, *, target: str,
                   part_of: Iterable[str] = ()) -> None:
    """Delete ``obj`` and write its audit record, or raise :class:`Refused` saying what
    depends on it (call inside the caller's transaction)."""
    from bipin.audit.chain import record

    check_deletable(obj, what_zh, what_en, part_of=part_of)
    contest, gone = obj.contest, (type(obj), obj.pk)
    obj.delete()
    record(action, contest=contest, actor=actor, target=target, deleted=[gone])
