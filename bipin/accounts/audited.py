"""What the accounts app writes to the audit log, in words (bipin.audit.actions)."""

from django.utils.translation import gettext_lazy as _

# Audit actions in words for the audit log page (bipin.audit.actions).
AUDIT_ACTIONS = {
    "account.create": _("创建账号"),
    "invitation.create": _("发出邀请"),
    "invitation.accept": _("接受邀请"),
    "invitation.decline": _("拒绝邀请"),
    "invitation.withdraw": _("撤回邀请"),
    "login_link.create": _("生成登录链接"),
    "login_link.use": _("使用登录链接登录"),
    "login_link.refuse": _("拒绝登录链接"),
    "login_link.refuse_use": _("登录链接无效,拒绝登录"),
    "people.import": _("导入人员名单"),
    "site.allow_contest_creation": _("允许创建活动"),
}
