from django import template

from bipin.audit.actions import say_action

register = template.Library()
register.filter("action_words", say_action)
