"""Template helpers that emit NL Design System (Utrecht) markup."""

from django import forms, template
from django.conf import settings
from django.contrib.messages import constants
from django.forms.widgets import Input
from django.template.base import kwarg_re
from django.utils.html import conditional_escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.templatetags.wagtailcore_tags import pageurl

from reisgids.caching import in_process
from reisgids.forms import Refusal
from reisgids.languages import dutch_path, locale_language, path_in

register = template.Library()


def content_language(obj):
    """The language ``obj``'s text is written in when that is not the page's language, else None:
    a Wagtail page's own locale; anything members write (deals, comments, …) is in the site's
    language (Dutch), also on the English pages."""
    locale_id = getattr(obj, "locale_id", None)
    language = locale_language(locale_id) if locale_id else settings.LANGUAGE_CODE
    return language if language != get_language() else None


@register.simple_tag
def lang_of(obj):
    """`` lang="nl"`` for an element showing ``obj``'s text on a page in another language
    (``content_language``), else nothing: ``<p{% lang_of deal %}>{{ deal.goal }}</p>``."""
    language = content_language(obj)
    return format_html(' lang="{}"', language) if language else ""


@register.filter
def written(text):
    """Text a member wrote (in the site's language) inside an interface sentence: on a page in another
    language wrapped in ``<span lang="nl">``, else just escaped. ``{% blocktranslate with
    title=intake.title|written %}The idea “{{ title }}”…{% endblocktranslate %}``."""
    language = content_language(text)
    return format_html('<span lang="{}">{}</span>', language, text) if language else conditional_escape(text)


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
    path, url = dutch_path(path), dutch_path(url)  # the same section in either language
    if url == "/":
        return path == "/"
    return path == url or path.startswith(url)


@register.filter
def section(path):
    """The section of ``path`` the main navigation marks as current: its first segment, the same in
    either language (``/en/deals/mijn/`` → ``/deals/``; the home page ``/``). Every link of the main
    navigation is to a section's first segment, so what ``is_section`` says of each depends on this
    alone (the key of the navigation's ``fixedpart``)."""
    if not path:
        return ""  # no request (the server error page): no section is current
    path = dutch_path(path)
    first = path.strip("/").split("/", 1)[0]
    return f"/{first}/" if first else "/"


class FixedPartNode(template.Node):
    def __init__(self, name, keys, nodelist):
        self.name, self.keys, self.nodelist = name, keys, nodelist

    def render(self, context):
        key = ("fixedpart", self.name, get_language(), *(str(value.resolve(context)) for value in self.keys))
        return in_process(key, lambda: self.nodelist.render(context))


@register.tag
def fixedpart(parser, token):
    """``{% fixedpart "name" key … %}…{% endfixedpart %}``: a part of the layout that shows nothing but
    the code, the language and the keys given (the main navigation keyed by the current section, the
    footer by the settings it shows), rendered once per process and language
    (``reisgids.caching.in_process``) and reused by every request after (a signed-in page renders its
    layout on each request: the navigation and footer were about a sixth of a warm list page). Never
    around data, users or anything a write changes."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("fixedpart needs a name")
    nodelist = parser.parse(("endfixedpart",))
    parser.delete_first_token()
    return FixedPartNode(bits[1], [parser.compile_filter(bit) for bit in bits[2:]], nodelist)


@register.filter
def localized(path):
    """A Dutch address of a page as an address in the current language: ``"/nieuws/"|localized`` is
    ``/en/nieuws/`` on an English page (``reisgids.languages``)."""
    return path_in(path, get_language())


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


# --- Components: each tag renders one template in templates/components/ -------------------------
#
# {% button _("Save") variant="secondary" name="decision" value="accept" hidden=user %}
# {% link_button url _("Edit deal") variant="primary" %}
# {% status_badge deal.get_status_display highlight=deal.in_the_making %}
# {% error_summary form formset stale_errors %}              forms, formsets, messages; each once
# {% alert "warning" role="status" %}…{% endalert %}        kinds: info, ok, warning, error
# {% notice label=_("Invitation") %}…{% endnotice %}        a highlighted region (reisgids-status)
# {% card title=deal.title url=deal.get_absolute_url %}…{% endcard %}
# {% button_group %}…{% endbutton_group %}
# {% table_scroll labelledby="risks-heading" %}<table>…</table>{% endtable_scroll %}   or label=_("Ideas")
# {% description_list %}<dt>…</dt><dd>…</dd>{% enddescription_list %}
#
# Labels and every other value are escaped unless they are already safe (``{% translate … as x %}``,
# ``{% blocktranslate asvar x %}`` output, rendered slots). Unknown variants fail loudly.

BUTTON_VARIANTS = {"primary": "primary-action", "secondary": "secondary-action", "subtle": "subtle"}
ALERT_KINDS = {"info", "ok", "warning", "error"}
CARD_TAGS = {"article", "li", "blockquote", "div"}
HEADING_TAGS = {"h2", "h3", "h4"}
NOTICE_TAGS = {"div", "section"}
DESCRIPTION_LIST_VARIANTS = {"meta", "detail", "glossary"}


@register.filter
def id_for(obj, prefix):
    """An HTML id for a model instance: ``partner|id_for:"partner"`` gives ``partner-12``."""
    return f"{prefix}-{obj.pk}"


@register.filter
def alert_kind(tags):
    """The alert kind for a message level tag ("success", "error", …) or a list of allauth tags."""
    tags = [tags] if isinstance(tags, str) else tags or []
    if "error" in tags or "danger" in tags:
        return "error"
    if "warning" in tags:
        return "warning"
    return "ok" if "success" in tags else "info"


def _choice(value, allowed, what):
    """Check a value that ends up in a class name or a tag name: only the listed ones exist."""
    if value not in allowed:
        raise template.TemplateSyntaxError(f"{what} must be one of {sorted(allowed)}, not {value!r}")
    return value


def _button(
    label,
    variant="primary",
    type="submit",
    name=None,
    value=None,
    form=None,
    formaction=None,
    describedby=None,
    lang=None,
    id=None,
    disabled=False,
    danger=False,
    hidden=None,
):
    variant = BUTTON_VARIANTS[_choice(variant, BUTTON_VARIANTS, "button variant")]
    if value == "":  # an unset variable, as allauth's elements pass them
        value = None
    return locals()


def _link_button(url, label, variant="primary", rel=None, id=None, danger=False, hidden=None):
    variant = BUTTON_VARIANTS[_choice(variant, BUTTON_VARIANTS, "link_button variant")]
    return locals()


def _status_badge(label, highlight=False, testid=None):
    return locals()


SUMMARISED = "reisgids_summarised"  # set on a form or formset once a summary lists its errors


def _field_anchor(field):
    """The id a summary link jumps to: the input itself, or the first of a group of choices."""
    if field.id_for_label:
        return field.id_for_label
    first = next(iter(field.subwidgets), None)  # grouped choices number their options per group
    return first.id_for_label if first is not None else ""


def _form_entries(form):
    """[(anchor or "", message)] for a bound form: its non-field errors first, then each visible
    field's errors as "<label>: <message>" linking to the field."""
    if getattr(form, SUMMARISED, False) or not form.is_bound or not form.errors:
        return []
    setattr(form, SUMMARISED, True)
    entries = [("", error) for error in form.non_field_errors()]
    for field in form:
        for error in field.errors:
            if field.is_hidden:
                entries.append(("", error))
            else:
                entries.append((_field_anchor(field), f"{field.label}: {error}" if field.label else error))
    return entries


def error_entries(*sources):
    """The entries of an error summary for any mix of forms, formsets, lists of them, messages and
    lists of messages. A form or formset is listed once per page: the first summary that meets it
    marks it, so the form template's own summary stays away when the page summarises above."""
    entries = []
    for source in sources:
        if not source:
            continue
        if isinstance(source, forms.BaseForm):
            entries.extend(_form_entries(source))
        elif isinstance(source, forms.BaseFormSet):
            if getattr(source, SUMMARISED, False) or not source.is_bound:
                continue
            setattr(source, SUMMARISED, True)
            entries.extend(("", error) for error in source.non_form_errors())
            for form in source:
                entries.extend(_form_entries(form))
        elif isinstance(source, Refusal):
            entries.extend((source.anchor, message) for message in source)
        elif isinstance(source, str):
            entries.append(("", source))
        else:  # a list of any of the above (a ValidationError's messages, a page's forms)
            entries.extend(error_entries(*source))
    return entries


def has_form_errors(values):
    """True when one of ``values`` (or a list among them) is a bound form or formset with errors."""
    for value in values:
        kind = type(value)  # not isinstance: that would evaluate a lazy value (the user, …)
        if issubclass(kind, forms.BaseForm | forms.BaseFormSet):
            if value.is_bound and not value.is_valid():
                return True
        elif kind is Refusal and value:
            return True
        elif kind in (list, tuple) and has_form_errors(value):
            return True
    return False


@register.simple_tag(takes_context=True)
def error_title_prefix(context):
    """ "Error: " when the page shows a form with errors: the page title then says so first."""
    if has_form_errors(value for layer in context.dicts for value in layer.values()):
        return _("Error: ")
    if error_messages(context.get("messages")):
        return _("Error: ")
    return ""


def _error_summary(*sources, autofocus=True, title=None, heading_id="error-summary-title"):
    entries = error_entries(*sources)
    return {"entries": entries, "autofocus": autofocus, "title": title, "heading_id": heading_id}


def error_messages(messages):
    """The messages (``django.contrib.messages``) of level error: a refused action."""
    return [str(message) for message in messages or () if message.level >= constants.ERROR]


@register.inclusion_tag("components/error_summary.html")
def message_summary(messages):
    """A refusal reported after a redirect (``messages.error``: a button that did not work) in the
    error summary, like a form's errors: focused, first on the page, "Error: " in the title."""
    refusals = error_messages(messages)
    return _error_summary(refusals, title=_("That did not work"), heading_id="message-summary-title")


@register.filter
def without_errors(messages):
    """The messages other than errors (those are in ``message_summary``)."""
    return [message for message in messages or () if message.level < constants.ERROR]


def _alert(content, kind, role=None):
    _choice(kind, ALERT_KINDS, "alert kind")
    return locals()


def _notice(content, tag="div", label=None, labelledby=None):
    _choice(tag, NOTICE_TAGS, "notice tag")
    return locals()


def _card(
    context,
    content,
    title=None,
    url=None,
    page=None,
    tag="article",
    heading="h3",
    heading_style=None,
    title_id=None,
    id=None,
    labelledby=None,
    extra_class=None,
    content_of=None,
):
    _choice(tag, CARD_TAGS, "card tag")
    _choice(heading, HEADING_TAGS, "card heading")
    title_lang = content_language(content_of) if content_of is not None else None
    if page is not None:  # a Wagtail page: its title, and its URL as {% pageurl %} gives it
        title = title or page.title
        # A Dutch page on an English list (it has no English version yet): its English address,
        # its title marked Dutch.
        url = path_in(pageurl(context, page), get_language())
        page_language = locale_language(page.locale_id) if getattr(page, "locale_id", None) else None
        title_lang = page_language if page_language and page_language != get_language() else None
    heading_style = heading_style or heading[1]
    del context, page, content_of
    return locals()


def _table_scroll(content, label=None, labelledby=None):
    """A wide table scrolls inside this region on a small screen; the region is focusable (so the
    keyboard can scroll it) and named after the table."""
    if not label and not labelledby:
        raise TypeError("a table_scroll needs a label or labelledby")
    return locals()


def _button_group(content, column=False):
    return locals()


def _description_list(content, variant="meta", extra_class=None):
    _choice(variant, DESCRIPTION_LIST_VARIANTS, "description_list variant")
    return locals()


class ComponentNode(template.Node):
    """Resolve the tag's arguments, let ``prepare`` check them and build the component's context, and
    render ``components/<name>.html`` with it. A block component passes its rendered body as the first
    argument (``content``)."""

    def __init__(self, name, prepare, args, kwargs, nodelist=None, takes_context=False):
        self.name, self.prepare, self.args, self.kwargs = name, prepare, args, kwargs
        self.nodelist, self.takes_context = nodelist, takes_context

    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {key: value.resolve(context) for key, value in self.kwargs.items()}
        if self.nodelist is not None:
            args.insert(0, self.nodelist.render(context))
        if self.takes_context:
            args.insert(0, context)
        try:
            values = self.prepare(*args, **kwargs)
        except TypeError as error:
            raise template.TemplateSyntaxError(f"{{% {self.name} %}}: {error}") from error
        component = context.template.engine.get_template(f"components/{self.name}.html")
        return mark_safe(component.render(context.new(values)).strip())


def _parse_bits(parser, token):
    bits = token.split_contents()[1:]
    args, kwargs = [], {}
    for bit in bits:
        match = kwarg_re.match(bit)
        if match and match.group(1):
            key, value = match.groups()
            kwargs[key] = parser.compile_filter(value)
        elif kwargs:
            raise template.TemplateSyntaxError(f"{token.contents}: positional argument after a keyword")
        else:
            args.append(parser.compile_filter(bit))
    return args, kwargs


def _register(name, prepare, block=False, takes_context=False):
    def compile_tag(parser, token):
        args, kwargs = _parse_bits(parser, token)
        nodelist = None
        if block:
            nodelist = parser.parse((f"end{name}",))
            parser.delete_first_token()
        return ComponentNode(name, prepare, args, kwargs, nodelist, takes_context)

    register.tag(name, compile_tag)


_register("button", _button)
_register("link_button", _link_button)
_register("status_badge", _status_badge)
_register("error_summary", _error_summary)
_register("alert", _alert, block=True)
_register("notice", _notice, block=True)
_register("card", _card, block=True, takes_context=True)
_register("button_group", _button_group, block=True)
_register("table_scroll", _table_scroll, block=True)
_register("description_list", _description_list, block=True)
