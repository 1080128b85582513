from django import template

from bipin.audit.actions import say_action, say_target

register = template.Library()
register.filter("action_words", say_action)
register.filter("target_words", say_target)
