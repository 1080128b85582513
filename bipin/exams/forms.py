from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from bipin.contests import forms as contests_forms
from bipin.contests.params import whole_number
from bipin.exams.models import Sitting
from bipin.io.formats import TABLE_ACCEPT
from bipin.io.question_bank import LETTERS, Difficulty, QuestionType


class IdsField(forms.ModelMultipleChoiceField):
    """Django's field, refusing a value that is not an id before the database sees it
    (SQLite cannot hold an integer over 64 bits in the IN list Django builds)."""

    def clean(self, value):
        for v in value or ():
            if whole_number(str(v)) is None:
                raise forms.ValidationError(self.error_messages["invalid_pk_value"],
                                            code="invalid_pk_value", params={"pk": v})
        return super().clean(value)


class UploadForm(contests_forms.UploadForm):
    file = forms.FileField(label=_("题库文件(.xlsx、.xls、.ods、.csv)"), required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": TABLE_ACCEPT}))


class QuestionForm(forms.Form):
    """A bank question as the template writes it; checked by the bank's own reader."""

    qtype = forms.ChoiceField(label=_("题型"), choices=[(t.label_zh, t.label_zh) for t in QuestionType])
    stem = forms.CharField(label=_("题干"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    answer = forms.CharField(label=_("答案"), required=False,
                             help_text=_("选择题填字母,如 A 或 AC;判断题填 对 或 错;多个可接受的填空答案用 | 分隔"))
    explanation = forms.CharField(label=_("解析"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    points = forms.CharField(label=_("分值"), required=False, max_length=20)
    topic = forms.CharField(label=_("知识点"), required=False)
    difficulty = forms.ChoiceField(label=_("难度"), choices=[(d.label_zh, d.label_zh) for d in Difficulty])

    # The columns of the bank template, in its order (bipin.io.question_bank.HEADERS).
    KEYS = ["qtype", "stem", *[f"option_{x}" for x in LETTERS], "answer", "explanation", "points",
            "topic", "difficulty"]

    def __init__(self, *args, question=None, **kwargs):
        if question is not None:
            bank = question.as_bank()
            options = dict(zip(LETTERS, bank.options, strict=False))
            kwargs.setdefault("initial", {
                "qtype": bank.qtype.label_zh, "stem": bank.stem, "answer": bank.answer_text(),
                "explanation": bank.explanation, "points": f"{bank.points:f}", "topic": bank.topic,
                "difficulty": bank.difficulty.label_zh,
                **{f"option_{x}": options.get(x, "") for x in LETTERS}})
        super().__init__(*args, **kwargs)
        for x in reversed(LETTERS):  # options after the stem, as in the template
            self.fields[f"option_{x}"] = forms.CharField(label=_("选项%(x)s") % {"x": x}, required=False)
        self.order_fields(self.KEYS)

    def cells(self) -> list[str]:
        return [self.cleaned_data[k] for k in self.KEYS]


class PaperForm(forms.Form):
    MODES = [("fixed", _("固定试卷:选择题目")), ("rule", _("按规则抽题组卷"))]
    name = forms.CharField(label=_("试卷名称"), max_length=200)
    mode = forms.ChoiceField(
        label=_("组卷方式"), choices=MODES, initial="fixed", widget=forms.RadioSelect
    )
    questions = IdsField(
        label=_("题目"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    rule = forms.CharField(
        label=_("组卷规则(每行:知识点, 难度, 数量;难度可留空)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "监测帮扶, 易, 2\n饮水安全, , 1"}),
    )
    total_points = forms.DecimalField(
        label=_("要求总分(选填)"), required=False, min_value=Decimal("0.01")
    )
    shuffle_questions = forms.BooleanField(label=_("每人题目顺序不同"), required=False)
    shuffle_options = forms.BooleanField(label=_("每人选项顺序不同"), required=False)

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].queryset = contest.questions.all()
        self.fields["questions"].label_from_instance = lambda q: (
            f"[{q.get_qtype_display()} · {q.topic or '-'} · {q.get_difficulty_display()}] {q.stem}"
        )

    def clean(self):
        data = super().clean()
        if data.get("mode") == "fixed" and not data.get("questions"):
            self.add_error("questions", _("请至少选择一道题"))
        if data.get("mode") == "rule" and not (data.get("rule") or "").strip():
            self.add_error("rule", _("请填写组卷规则"))
        return data


class SittingForm(forms.ModelForm):
    class Meta:
        model = Sitting
        fields = [
            "name",
            "paper",
            "item_id",
            "counts",
            "report_as",
            "opens_at",
            "closes_at",
            "duration_minutes",
            "aggregate",
            "multiple_rule",
            "double_marking",
            "marking_gap",
            "on_stage",
            "show_score",
        ]
        widgets = {
            "opens_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "closes_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }
        help_texts = {"item_id": _("考评方案中政策测试指标的编号,成绩以此指标计入")}

    def __init__(self, *args, contest, leaf_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.leaf_ids = list(leaf_ids)
        if self.leaf_ids:
            self.initial.setdefault("item_id", self.leaf_ids[0])
        self.fields["paper"].queryset = contest.papers.all()
        self.fields["duration_minutes"].min_value = 1
        self.fields["marking_gap"].min_value = Decimal(0)

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("截止时间应晚于开放时间"))
        if data.get("counts") and self.leaf_ids and data.get("item_id") not in self.leaf_ids:
            self.add_error(
                "item_id",
                _("考评方案中的政策测试指标为:%(ids)s") % {"ids": "、".join(self.leaf_ids)},
            )
        return data


class CandidateForm(forms.Form):
    username = forms.CharField(
        label=_("考生账号"),
        max_length=150,
        help_text=_("新账号为本活动创建,用一次性登录二维码进入;其他已有账号须本人自行登录"),
    )
    full_name = forms.CharField(label=_("姓名"), max_length=150, required=False)
    entrant = forms.ModelChoiceField(label=_("所属单位"), queryset=None)

    def __init__(self, *args, contest, sitting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entrant"].queryset = contest.entrants.all()
        self.sitting = sitting

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username).first()
        if user is not None and self.sitting.candidates.filter(user=user).exists():
            raise forms.ValidationError(_("该账号已是本场考生"))
        return username
