"""Template helpers that emit NL Design System (Utrecht) markup."""

from django import forms, template
from django.forms.widgets import Input
from django.utils.http import urlencode

register = template.Library()

WIDGET_CLASSES = [
    (forms.Textarea, "utrecht-textarea utrecht-textarea--html-textarea"),
    (forms.CheckboxSelectMultiple, "utrecht-checkbox utrecht-checkbox--html-input"),
    (forms.RadioSelect, "utrecht-radio-button utrecht-radio-button--html-input"),
    (forms.Select, "utrecht-select utrecht-select--html-select"),
    (forms.CheckboxInput, "utrecht-checkbox utrecht-checkbox--html-input"),
    (forms.FileInput, "reisgids-file-input"),
    (Input, "utrecht-textbox utrecht-textbox--html-input"),
]
INVALID_MODIFIERS = {
    "utrecht-textarea": "utrecht-textarea--invalid",
    "utrecht-select": "utrecht-select--invalid",
    "utrecht-textbox": "utrecht-textbox--invalid",
    "utrecht-checkbox": "utrecht-checkbox--invalid",
    "utrecht-radio-button": "utrecht-radio-button--invalid",
}


def widget_css_class(widget):
    for widget_type, css in WIDGET_CLASSES:
        if isinstance(widget, widget_type):
            return css
    return ""


@register.filter
def is_choice_group(field):
    """Radio buttons and checkbox lists are a group: a fieldset with a legend."""
    return isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)


@register.filter
def is_checkbox(field):
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def is_section(path, url):
    """True when ``path`` is ``url`` or lies below it: marks the current section in the navigation.
    The home page ("/") is only its own section."""
    if not url:
        return False
    if url == "/":
        return path == "/"
    return path == url or path.startswith(url)


@register.simple_tag
def field_widget(field):
    """Render a field's widget with Utrecht classes and the aria attributes that tie it to its
    description and error message."""
    widget = field.field.widget
    css = widget_css_class(widget)
    attrs = {}
    describedby = []
    if field.help_text:
        describedby.append(f"{field.auto_id}_helptext")
    if field.errors:
        describedby.append(f"{field.auto_id}_error")
        attrs["aria-invalid"] = "true"
        base = css.split(" ", 1)[0]
        if base in INVALID_MODIFIERS:
            css = f"{css} {INVALID_MODIFIERS[base]}"
    if describedby and not is_choice_group(field):
        attrs["aria-describedby"] = " ".join(describedby)
    extra = widget.attrs.get("class", "")
    attrs["class"] = f"{css} {extra}".strip()
    return field.as_widget(attrs=attrs)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (``None`` removes one)."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True) if params else "?"
