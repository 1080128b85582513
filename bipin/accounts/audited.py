"""What the accounts app writes to the audit log, in words (bipin.audit.actions)."""

from django.utils.translation import pgettext_lazy

# Audit actions in words for the audit log page (bipin.audit.actions).
AUDIT_ACTIONS = {
    "account.create": pgettext_lazy("audit", "创建账号"),
    "account.update": pgettext_lazy("audit", "更正姓名或邮箱"),
    "invitation.create": pgettext_lazy("audit", "发出邀请"),
    "invitation.accept": pgettext_lazy("audit", "接受邀请"),
    "invitation.decline": pgettext_lazy("audit", "拒绝邀请"),
    "invitation.withdraw": pgettext_lazy("audit", "撤回邀请"),
    "login_link.create": pgettext_lazy("audit", "生成登录链接"),
    "login_link.use": pgettext_lazy("audit", "使用登录链接登录"),
    "login_link.refuse": pgettext_lazy("audit", "拒绝登录链接"),
    "login_link.refuse_use": pgettext_lazy("audit", "登录链接无效,拒绝登录"),
    "people.import": pgettext_lazy("audit", "导入人员名单"),
    "site.allow_contest_creation": pgettext_lazy("audit", "允许创建活动"),
    "login_link.reissue": pgettext_lazy("audit", "重发登录链接"),
}
