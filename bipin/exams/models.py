"""政策测试: the question bank, papers, sittings, candidates, answers and marks.

Question content is copied into the bank from the template file; a paper
fixes which questions (and their points) a sitting uses, so everyone in a
sitting answers the same questions, only perhaps in a different order.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bipin.contests.models import Contest, Entrant
from bipin.io.question_bank import Difficulty, QuestionType
from bipin.io.question_bank import Question as BankQuestion

POINTS = dict(max_digits=7, decimal_places=2)


class Question(models.Model):
    class Type(models.TextChoices):
        SINGLE = QuestionType.SINGLE.value, _("单选题")
        MULTIPLE = QuestionType.MULTIPLE.value, _("多选题")
        TRUE_FALSE = QuestionType.TRUE_FALSE.value, _("判断题")
        FILL = QuestionType.FILL.value, _("填空题")
        SHORT = QuestionType.SHORT.value, _("简答题")

    class Level(models.TextChoices):
        EASY = Difficulty.EASY.value, _("易")
        MEDIUM = Difficulty.MEDIUM.value, _("中")
        HARD = Difficulty.HARD.value, _("难")

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="questions")
    qtype = models.CharField(_("题型"), max_length=20, choices=Type.choices)
    stem = models.TextField(_("题干"))
    options = models.JSONField(default=list, blank=True)
    answer = models.JSONField(default=list, blank=True)
    explanation = models.TextField(_("解析"), blank=True)
    points = models.DecimalField(_("分值"), **POINTS)
    topic = models.CharField(_("知识点"), max_length=100, blank=True)
    difficulty = models.CharField(
        _("难度"), max_length=10, choices=Level.choices, default=Level.MEDIUM
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["contest", "order", "pk"]

    def __str__(self) -> str:
        return self.stem[:40]

    def as_bank(self) -> BankQuestion:
        return BankQuestion(
            qtype=QuestionType(self.qtype),
            stem=self.stem,
            options=tuple(self.options),
            answer=tuple(self.answer),
            explanation=self.explanation,
            points=Decimal(self.points).normalize(),
            topic=self.topic,
            difficulty=Difficulty(self.difficulty),
        )


class Paper(models.Model):
    """A fixed paper, or one assembled once by rule (``rule`` keeps the rule used)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="papers")
    name = models.CharField(_("试卷名称"), max_length=200)
    shuffle_questions = models.BooleanField(_("每人题目顺序不同"), default=False)
    shuffle_options = models.BooleanField(_("每人选项顺序不同"), default=False)
    rule = models.JSONField(default=list, blank=True)
    seed = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contest", "pk"]

    def __str__(self) -> str:
        return self.name


class PaperItem(models.Model):
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="paper_items")
    order = models.PositiveIntegerField()
    points = models.DecimalField(_("分值"), **POINTS)

    class Meta:
        ordering = ["paper", "order"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "question"], name="paper_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.paper} #{self.order}"


class Sitting(models.Model):
    """One timed sitting of a paper; its score feeds the scheme's exam leaf ``item_id``."""

    class Aggregate(models.TextChoices):
        MEAN = "mean", _("取平均分")
        BEST = "best", _("取最高分")

    class MultipleRule(models.TextChoices):
        ALL_OR_NOTHING = "all_or_nothing", _("全部选对才得分")
        PROPORTIONAL = "proportional", _("少选按选对比例得分,错选不得分")
        HALF = "half", _("少选得一半分,错选不得分")

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="sittings")
    paper = models.ForeignKey(
        Paper, on_delete=models.PROTECT, related_name="sittings", verbose_name=_("试卷")
    )
    name = models.CharField(_("场次名称"), max_length=200)

    class Report(models.TextChoices):
        PERCENT = "percent", _("百分制(得分÷满分×100)")
        RAW = "raw", _("原始得分")

    item_id = models.CharField(_("方案中的测试指标编号"), max_length=100, default="政策测试")
    counts = models.BooleanField(
        _("计入考评成绩"), default=True, help_text=_("模拟练习等不计成绩的场次请取消勾选")
    )
    report_as = models.CharField(
        _("计入成绩的分值"), max_length=10, choices=Report.choices, default=Report.PERCENT
    )
    opens_at = models.DateTimeField(_("开放时间"))
    closes_at = models.DateTimeField(_("截止时间"))
    duration_minutes = models.PositiveIntegerField(_("答题时长(分钟)"))
    aggregate = models.CharField(
        _("单位成绩取法"), max_length=20, choices=Aggregate.choices, default=Aggregate.MEAN
    )
    multiple_rule = models.CharField(
        _("多选题计分"),
        max_length=20,
        choices=MultipleRule.choices,
        default=MultipleRule.ALL_OR_NOTHING,
    )
    double_marking = models.BooleanField(_("简答题双评"), default=False)
    marking_gap = models.DecimalField(_("双评分差上限"), default=Decimal("2"), **POINTS)
    on_stage = models.BooleanField(
        _("同台展示(现场平板答题,大屏显示进度)"),
        default=True,
        help_text=_("不勾选则为各自线上作答,不提供大屏页面"),
    )
    show_score = models.BooleanField(
        _("交卷后向考生显示得分"), default=False, help_text=_("默认不显示:成绩随考评结果统一发布")
    )
    seed = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contest", "opens_at", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_practice(self) -> bool:
        """模拟练习: a sitting that does not count shows the score and the key afterwards."""
        return not self.counts


class Candidate(models.Model):
    class Finish(models.TextChoices):
        SUBMITTED = "submitted", _("已交卷")
        TIMEOUT = "timeout", _("到时自动交卷")
        ABSENT = "absent", _("缺考")

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="candidates")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exam_candidacies"
    )
    entrant = models.ForeignKey(Entrant, on_delete=models.CASCADE, related_name="exam_candidates")
    started_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    finish = models.CharField(max_length=20, choices=Finish.choices, blank=True)
    score = models.DecimalField(
        null=True, blank=True, **POINTS
    )  # None until every answer is marked

    class Meta:
        ordering = ["sitting", "entrant__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["sitting", "user"], name="candidate_unique_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.entrant}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


class Answer(models.Model):
    """The candidate's latest response to one item; ``points`` is final once set."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(PaperItem, on_delete=models.PROTECT, related_name="answers")
    response = models.JSONField(default=list, blank=True)
    saved_at = models.DateTimeField()
    points = models.DecimalField(null=True, blank=True, **POINTS)
    # The page numbers every change of an answer, growing per device; a save
    # the network delivers late carries an older number and is not applied.
    seq = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["candidate", "item__order"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "item"], name="answer_unique_item")
        ]

    def __str__(self) -> str:
        return f"{self.candidate} #{self.item.order}"


class Mark(models.Model):
    """One marker's points for one short answer (append-only)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="marks")
    marker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(**POINTS)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["answer", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "marker"], name="mark_unique_marker")
        ]

    def __str__(self) -> str:
        return f"answer {self.answer_id}: {self.points}"
