from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Contest(models.Model):
    """A 比拼活动 or 考评: the scheme, its groups, entrants and people."""

    class Kind(models.TextChoices):
        ASSESSMENT = "assessment", _("综合考评")
        CONTEST = "contest", _("评比竞赛")
        # 星级文明户, 美丽庭院: village committees score households on a checklist (bipin.campaigns).
        CAMPAIGN = "campaign", _("评星活动")

    name = models.CharField(_("名称"), max_length=200)
    slug = models.SlugField(_("网址代号"), max_length=60, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.ASSESSMENT)
    year = models.PositiveIntegerField(_("年度"), null=True, blank=True)
    description = models.TextField(_("说明"), blank=True)
    blind = models.BooleanField(_("盲评"), default=False,
                                help_text=_("评委和大屏只看到作品编号,直到组织者公开对应关系"))
    is_public = models.BooleanField(_("在首页公开名称"), default=True)
    is_demo = models.BooleanField(_("示例数据"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return self.name


class Group(models.Model):
    """组别: entrants are ranked within their own group."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("组别名称"), max_length=100)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["contest", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["contest", "name"], name="group_unique_name")]

    def __str__(self) -> str:
        return self.name


class Entrant(models.Model):
    """参评单位 or 参赛作品. ``code`` is the blind code judges see in 盲评."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="entrants")
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="entrants")
    name = models.CharField(_("名称"), max_length=200)
    short_name = models.CharField(_("简称"), max_length=60, blank=True)
    code = models.CharField(_("编号"), max_length=20, blank=True)
    contact = models.CharField(_("联系人"), max_length=100, blank=True)
    # 类型 (e.g. 搬迁任务县): read by a scheme's multipliers; never a ranking group.
    kind = models.CharField(_("类型"), max_length=60, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["contest", "group__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "name"], name="entrant_unique_name"),
            models.UniqueConstraint(fields=["contest", "code"], condition=~models.Q(code=""),
                                    name="entrant_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ORGANIZER = "organizer", _("组织者")
    CHIEF_JUDGE = "chief_judge", _("评委组长")
    JUDGE = "judge", _("评委")
    INSPECTOR = "inspector", _("核查员")
    DEPT_REPORTER = "dept_reporter", _("行业部门填报")
    DEPT_REVIEWER = "dept_reviewer", _("行业部门审核")
    # The same words head every table of units; as a role they name its person.
    ENTRANT_VIEWER = "entrant_viewer", pgettext_lazy("role", "参评单位")
    # A rating campaign's people, each tied to a village or township by bipin.campaigns.
    VILLAGE_SCORER = "village_scorer", _("村评分员")
    TOWNSHIP_REVIEWER = "township_reviewer", _("乡镇审核")


class Membership(models.Model):
    """A person's role in one contest. ``entrant`` ties an entrant viewer to its
    own unit, and a department reporter or reviewer to its department."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="memberships")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    entrant = models.ForeignKey(Entrant, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="memberships")
    department = models.CharField(_("所属部门"), max_length=100, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contest", "user", "role"],
                                               name="membership_unique_role")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.contest}"


class SchemeVersion(models.Model):
    """An uploaded scheme file, kept whole; the newest valid one is in force."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="scheme_versions")
    number = models.PositiveIntegerField()
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    is_valid = models.BooleanField(default=False)
    problems = models.JSONField(default=list, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contest", "-number"]
        constraints = [models.UniqueConstraint(fields=["contest", "number"], name="scheme_unique_number")]

    def __str__(self) -> str:
        return f"{self.contest} scheme v{self.number}"
