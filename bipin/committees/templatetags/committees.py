"""Filters for the committee pages: a criterion's score and a vote in words."""

from django import template

from bipin.committees.models import Vote

register = template.Library()


@register.filter
def score(scores: dict, criterion: str) -> str:
    return scores.get(criterion, "—") if isinstance(scores, dict) else "—"


@register.filter
def vote_label(value: str) -> str:
    return str(Vote(value).label) if value in Vote.values else value
