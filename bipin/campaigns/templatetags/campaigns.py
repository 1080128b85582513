import json

from django import template

register = template.Library()


@register.filter
def stars(n) -> str:
    """★★★☆☆-style text for a star count; no star as a dash."""
    return "★" * int(n) if n else "—"


@register.filter
def answers_json(answers) -> str:
    """A current score's answers for the phone's form (data-answers); {} when unscored."""
    return json.dumps(answers or {}, ensure_ascii=False)


@register.simple_tag
def answer(score, item) -> str:
    """One answer of a score as shown in a table: 是/否 or the points given."""
    from django.utils.translation import gettext as _

    if score is None or item.id not in score.answers:
        return ""
    value = score.answers[item.id]
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return str(value)
