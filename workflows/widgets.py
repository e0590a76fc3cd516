"""Form controls that write their HTML in Python: the same markup as Django's widget
templates (``django/forms/widgets/input.html``, ``select.html``, ``select_option.html``
and ``attrs.html``, stripped as the form renderer strips them), without a template
render per control and per option. For forms on pages where that cost shows: the letter
list's search form took 5 to 8 ms of its page (an ``<option>`` is two template renders).
``draw_in_python(form)`` swaps a form's plain text, date and select controls for these;
a control drawn with another template (a subclass) is left as it is."""

from typing import Any

from django import forms
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict[str, Any]) -> str:
    # attrs.html: ` name="value"`, a bare ` name` for True, nothing for False.
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class _InputHtml:
    def render(
        self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        kind, name = conditional_escape(widget["type"]), conditional_escape(widget["name"])
        html = f'<input type="{kind}" name="{name}"'
        if widget["value"] is not None:
            html += f' value="{escape(widget["value"])}"'
        return mark_safe(f"{html}{_attrs(widget['attrs'])}>")


class TextInput(_InputHtml, forms.TextInput):
    pass


class DateInput(_InputHtml, forms.DateInput):
    pass


class Select(forms.Select):
    def render(
        self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            parts.extend(
                f'\n  <option value="{escape(option["value"])}"{_attrs(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>\n"
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts).strip())


_DRAWN_IN_PYTHON = {forms.TextInput: TextInput, forms.DateInput: DateInput, forms.Select: Select}


def draw_in_python(form: forms.Form) -> forms.Form:
    """``form``, its plain text, date and select controls drawn by the classes above. Each
    form holds its own copies of its fields and widgets: the form class stays as it is."""
    for field in form.fields.values():
        drawn = _DRAWN_IN_PYTHON.get(type(field.widget))
        if drawn is not None:
            field.widget.__class__ = drawn  # the same widget; only render differs
    return form
