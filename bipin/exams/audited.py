"""The policy test's tables the audit log answers for (bipin.audit.tracked).

Every exam table is here; none is left out, because each one is a step on
the way from the bank to an entrant's exam observation:

- Question: the key and type grade a response when the candidate finishes.
- Paper: the rule and seed a rule paper was picked by, which makes the pick
  checkable afterwards; the items and the full marks hang on it.
- PaperItem: which questions count, and their points (the full marks a
  percentage is taken of).
- Sitting: whether it counts, the scheme leaf it feeds, mean or best, percent
  or raw, the multiple-choice rule and double marking.
- Candidate: the entrant a score counts for, the finish and the score; its
  start and deadline decide which answers were accepted in time.
- Answer: the response graded, and its final points.
- Mark: a marker's points, from which a short answer's points follow.
"""

from django.utils.translation import pgettext_lazy

from bipin.exams.models import Answer, Candidate, Mark, Paper, PaperItem, Question, Sitting

TRACKED = {
    Question: "contest",
    Paper: "contest",
    PaperItem: "paper__contest",
    Sitting: "contest",
    Candidate: "sitting__contest",
    Answer: "candidate__sitting__contest",
    Mark: "answer__candidate__sitting__contest",
}

# Audit actions in words for the audit log page (bipin.audit.actions).
AUDIT_ACTIONS = {
    "exam.bank_import": pgettext_lazy("audit", "导入题库"),
    "exam.paper_create": pgettext_lazy("audit", "组卷"),
    "exam.sitting_create": pgettext_lazy("audit", "安排考试场次"),
    "exam.candidate_add": pgettext_lazy("audit", "添加考生"),
    "exam.start": pgettext_lazy("audit", "开始答题"),
    "exam.answer_save": pgettext_lazy("audit", "保存答案"),
    "exam.finish": pgettext_lazy("audit", "交卷"),
    "exam.absent": pgettext_lazy("audit", "登记缺考"),
    "exam.mark": pgettext_lazy("audit", "阅卷评分"),
    "exam.paper_update": pgettext_lazy("audit", "修改试卷"),
    "exam.paper_delete": pgettext_lazy("audit", "删除试卷"),
    "exam.question_update": pgettext_lazy("audit", "修改试题"),
    "exam.question_delete": pgettext_lazy("audit", "删除试题"),
    "exam.sitting_update": pgettext_lazy("audit", "修改考试场次"),
    "exam.sitting_delete": pgettext_lazy("audit", "删除考试场次"),
}

# What a record's target "<kind>:<id>" names, said as words + #id (bipin.audit.actions).
AUDIT_TARGETS = {
    "answer": pgettext_lazy("audit target", "答题"),
}
