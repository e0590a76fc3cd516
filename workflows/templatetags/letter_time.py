"""``{{ letter|event_time }}``: a letter's event time in its zone, with day and month
names (``workflows.letter_list.event_time``; ``workflows/_event_time.html`` prints it)."""

from typing import Any

from django import template

from workflows.letter_list import event_time as _event_time

register = template.Library()


@register.filter
def event_time(letter: Any) -> str:
    return _event_time(letter)
