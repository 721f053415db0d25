"""The NL Design System components (``{% load components %}``, templates/components/): the markup each
emits, translated labels, escaping of user text, the extra attributes; and a guard that no template or
Python module outside the components writes their Utrecht markup by hand."""

import re
from pathlib import Path

import pytest
from django import forms
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Site

ROOT = Path(__file__).resolve().parent.parent
USER_TEXT = '<script>alert("x")</script> & Co'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co"


def render(source, language="nl", **context):
    with translation.override(language):
        return Template("{% load i18n components %}" + source).render(Context(context))


def test_button_primary_with_a_translated_label():
    assert render('{% button _("Save") %}') == (
        '<button class="utrecht-button utrecht-button--primary-action" type="submit">Opslaan</button>'
    )
    assert render('{% button _("Save") %}', language="en").endswith(">Save</button>")


def test_button_variants_and_danger():
    assert 'class="utrecht-button utrecht-button--secondary-action"' in render(
        '{% button "x" variant="secondary" %}'
    )
    assert 'class="utrecht-button utrecht-button--subtle"' in render('{% button "x" variant="subtle" %}')
    assert 'class="utrecht-button utrecht-button--primary-action reisgids-button--danger"' in render(
        '{% button "x" danger=True %}'
    )


def test_button_carries_every_extra_attribute_in_a_fixed_order():
    html = render(
        '{% button _("Decline") variant="secondary" type="button" name="decision" value="decline" form="f1"'
        ' formaction="/elders/" lang="en" describedby="note-1" id="b1" disabled=True %}'
    )
    assert html == (
        '<button class="utrecht-button utrecht-button--secondary-action" type="button" name="decision"'
        ' value="decline" form="f1" formaction="/elders/" lang="en" aria-describedby="note-1" id="b1"'
        " disabled>Afslaan</button>"
    )


def test_button_value_zero_is_kept_and_an_empty_value_left_out():
    assert ' value="0"' in render('{% button "x" value=0 %}')
    assert "value=" not in render('{% button "x" value=missing %}')


def test_button_escapes_user_text_in_label_hidden_text_and_attributes():
    html = render(
        "{% button label hidden=name value=name describedby=name %}", label=USER_TEXT, name=USER_TEXT
    )
    assert "<script>" not in html
    assert html.count(ESCAPED) == 4
    assert f'<span class="reisgids-visually-hidden"> {ESCAPED}</span></button>' in html


def test_button_keeps_a_label_that_blocktranslate_built_safely():
    html = render(
        "{% blocktranslate asvar label with name=org %}Accept {{ name }}{% endblocktranslate %}"
        '{% button label name="decision" value="accept" %}',
        language="en",
        org=USER_TEXT,
    )
    assert html == (
        '<button class="utrecht-button utrecht-button--primary-action" type="submit" name="decision"'
        f' value="accept">Accept {ESCAPED}</button>'
    )


def test_unknown_variant_fails_loudly():
    with pytest.raises(TemplateSyntaxError):
        render('{% button "x" variant="huge" %}')
    with pytest.raises(TemplateSyntaxError):
        render('{% button "x" colour="red" %}')


def test_link_button():
    html = render(
        '{% link_button url _("Register") rel="noopener" hidden=title %}', url="/a?b=1&c=2", title=USER_TEXT
    )
    assert html == (
        '<a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action"'
        f' href="/a?b=1&amp;c=2" rel="noopener">Aanmelden<span class="reisgids-visually-hidden"> {ESCAPED}'
        "</span></a>"
    )
    assert "utrecht-button-link--secondary-action reisgids-button--danger" in render(
        '{% link_button "/" "x" variant="secondary" danger=True %}'
    )


def test_button_group():
    assert render("{% button_group %}x{% endbutton_group %}") == '<div class="utrecht-button-group">x</div>'
    assert 'class="utrecht-button-group utrecht-button-group--column"' in render(
        "{% button_group column=True %}x{% endbutton_group %}"
    )


def test_alert_kinds_roles_and_body():
    html = render(
        '{% alert "warning" role="status" %}<p class="utrecht-paragraph">{{ t }}</p>{% endalert %}',
        t=USER_TEXT,
    )
    assert html == (
        '<div class="utrecht-alert utrecht-alert--warning" role="status"><div class="utrecht-alert__content">'
        f'<p class="utrecht-paragraph">{ESCAPED}</p></div></div>'
    )
    assert render('{% alert "info" %}x{% endalert %}').startswith(
        '<div class="utrecht-alert utrecht-alert--info">'
    )
    with pytest.raises(TemplateSyntaxError):
        render('{% alert "danger" %}x{% endalert %}')


@pytest.mark.parametrize(
    ("tags", "kind"),
    [("success", "ok"), ("error", "error"), ("warning", "warning"), ("info", "info"), ("debug", "info")],
)
def test_alert_kind_of_a_message_level(tags, kind):
    assert render("{{ tags|alert_kind }}", tags=tags) == kind
    assert render("{{ tags|alert_kind }}", tags=[tags, "x"]) == kind
    assert render("{{ tags|alert_kind }}", tags=None) == "info"


def test_error_summary_lists_each_message_escaped_and_is_empty_without_errors():
    html = render("{% error_summary errors %}", errors=["Eerste fout", USER_TEXT])
    assert html.startswith(  # the summary, then its script (focus when autofocus is skipped)
        '<div class="utrecht-alert utrecht-alert--error reisgids-error-summary" role="group" '
        'aria-labelledby="error-summary-title" tabindex="-1" autofocus data-error-summary>'
    )
    assert '<h2 class="utrecht-heading-3 reisgids-error-summary__title" id="error-summary-title">' in html
    assert "Er is iets niet goed ingevuld</h2>" in html
    assert '<li class="utrecht-unordered-list__item">Eerste fout</li>' in html
    assert f'<li class="utrecht-unordered-list__item">{ESCAPED}</li>' in html
    assert html.endswith('error-summary.js" defer></script>')
    assert render("{% error_summary errors %}", errors=[]) == ""
    assert '<li class="utrecht-unordered-list__item">Eén fout</li>' in render(
        "{% error_summary 'Eén fout' %}"
    )
    assert "There is a problem with what you filled in" in render("{% error_summary 'x' %}", language="en")


class SummaryForm(forms.Form):
    name = forms.CharField(label="Naam")
    kind = forms.ChoiceField(label="Soort", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    topics = forms.MultipleChoiceField(
        label="Onderwerpen", choices=[("x", "X")], widget=forms.CheckboxSelectMultiple, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("De hele vorm klopt niet.")


def test_error_summary_of_a_form_links_each_field_error_to_its_input():
    form = SummaryForm(data={"name": "", "topics": ["zzz"], "version": "x"})
    html = render("{% error_summary form %}", form=form)
    items = re.findall(r'<li class="utrecht-unordered-list__item">(.*?)</li>', html)
    assert items == [
        "De hele vorm klopt niet.",
        '<a class="utrecht-link" href="#id_name">Naam: Dit is een verplicht veld.</a>',
        '<a class="utrecht-link" href="#id_kind_0">Soort: Dit is een verplicht veld.</a>',
        '<a class="utrecht-link" href="#id_topics_0">Onderwerpen: Selecteer een geldige keuze. '
        "zzz is geen beschikbare keuze.</a>",
        "Voer een geheel getal in.",  # a hidden field has nothing to jump to
    ]
    # The targets exist in the form as it renders, and the typed values stay.
    rendered = form.render()
    for target in re.findall(r'href="#([^"]+)"', html):
        assert f'id="{target}"' in rendered
    assert render("{% error_summary form %}", form=SummaryForm()) == ""
    assert (
        render("{% error_summary form %}", form=SummaryForm(data={"name": "x", "kind": "a", "version": 1}))
        != ""
    )


def test_a_form_renders_its_own_summary_once_unless_the_page_summarised_it_above():
    form = SummaryForm(data={"name": "Mijn naam"})
    assert form.render().count("data-error-summary") == 1
    assert 'value="Mijn naam"' in form.render()
    form = SummaryForm(data={"name": ""})
    page = render("{% error_summary 'Eerst dit' form %}{{ form }}", form=form)
    assert page.count("data-error-summary") == 1
    assert "Eerst dit" in page and 'href="#id_name"' in page


def test_error_summary_of_a_formset_lists_its_rows():
    formset_class = forms.formset_factory(SummaryForm, extra=0)
    data = {"rij-TOTAL_FORMS": "1", "rij-INITIAL_FORMS": "0", "rij-0-name": "", "rij-0-kind": "zzz"}
    formset = formset_class(data=data, prefix="rij")
    html = render("{% error_summary formset %}", formset=formset)
    assert 'href="#id_rij-0-name"' in html
    assert "".join(form.render() for form in formset).count("data-error-summary") == 0


def test_page_title_says_error_first_when_a_form_on_the_page_has_errors():
    source = "{% error_title_prefix %}Titel"
    assert render(source, form=SummaryForm(data={})) == "Fout: Titel"
    assert render(source, language="en", forms=[SummaryForm(data={})]) == "Error: Titel"
    assert render(source, form=SummaryForm()) == "Titel"
    assert render(source, form=forms.Form(data={})) == "Titel"  # bound and valid


def test_a_refusal_is_summarised_linked_to_where_it_is_said_and_named_in_the_title():
    """A service's refusal (no field to point at) shown by the page: the same summary, the same
    "Fout: " title as a form with errors."""
    from reisgids.forms import Refusal

    refusal = Refusal(["Minstens één beheerder."], anchor="lid-7-error")
    html = render("{% error_title_prefix %}|{% error_summary refusal %}", refusal=refusal)
    assert html.startswith("Fout: |") and "data-error-summary" in html and " autofocus" in html
    assert '<a class="utrecht-link" href="#lid-7-error">Minstens één beheerder.</a>' in html
    unlinked = render("{% error_summary refusal %}", refusal=Refusal(["Te laat."]))
    assert '<li class="utrecht-unordered-list__item">Te laat.</li>' in unlinked
    assert render("{% error_title_prefix %}|{% error_summary refusal %}", refusal=Refusal()) == "|"


def test_status_badge():
    assert (
        render("{% status_badge label %}", label=USER_TEXT) == f'<span class="reisgids-tag">{ESCAPED}</span>'
    )
    assert render('{% status_badge _("Unread") highlight=True testid="status" %}') == (
        '<span class="reisgids-tag reisgids-tag--highlight" data-testid="status">Ongelezen</span>'
    )


def test_notice():
    assert render('{% notice label=_("Invitation") %}x{% endnotice %}') == (
        '<div class="reisgids-status" role="region" aria-label="Uitnodiging">x</div>'
    )
    assert render('{% notice tag="section" labelledby="h" %}x{% endnotice %}') == (
        '<section class="reisgids-status" aria-labelledby="h">x</section>'
    )
    assert render("{% notice %}x{% endnotice %}") == '<div class="reisgids-status">x</div>'


def test_card_with_a_linked_title_and_escaped_user_text():
    html = render(
        '{% card title=title url="/deals/a/" title_id="p-1" labelledby="p-1" %}<p>body</p>{% endcard %}',
        title=USER_TEXT,
    )
    assert html == (
        '<article class="reisgids-card" aria-labelledby="p-1">\n'
        '  <h3 class="utrecht-heading-3 reisgids-card__title" id="p-1">'
        f'<a class="utrecht-link" href="/deals/a/">{ESCAPED}</a></h3><p>body</p></article>'
    )


def test_card_variants():
    assert render('{% card title="T" heading="h4" id="lid-3" %}{% endcard %}') == (
        '<article class="reisgids-card" id="lid-3">\n'
        '  <h4 class="utrecht-heading-4 reisgids-card__title">T</h4></article>'
    )
    assert (
        render('{% card tag="blockquote" %}q{% endcard %}')
        == '<blockquote class="reisgids-card">q</blockquote>'
    )
    assert render('{% card tag="li" extra_class="reisgids-notification" %}n{% endcard %}') == (
        '<li class="reisgids-card reisgids-notification">n</li>'
    )
    with pytest.raises(TemplateSyntaxError):
        render('{% card tag="table" %}{% endcard %}')


@pytest.mark.django_db
def test_card_of_a_wagtail_page_links_like_pageurl():
    page = Site.objects.get(is_default_site=True).root_page
    request = RequestFactory().get("/")
    html = Template("{% load components %}{% card page=page %}{% endcard %}").render(
        Context({"page": page, "request": request})
    )
    pageurl = Template("{% load wagtailcore_tags %}{% pageurl page %}").render(
        Context({"page": page, "request": request})
    )
    assert f'<a class="utrecht-link" href="{pageurl}">{page.title}</a></h3>' in html


def test_description_list():
    assert render("{% description_list %}<dt>a</dt><dd>b</dd>{% enddescription_list %}") == (
        '<dl class="reisgids-meta"><dt>a</dt><dd>b</dd></dl>'
    )
    assert render('{% description_list variant="detail" %}{% enddescription_list %}') == (
        '<dl class="reisgids-detail"></dl>'
    )
    assert render('{% description_list extra_class="reisgids-facets" %}{% enddescription_list %}') == (
        '<dl class="reisgids-meta reisgids-facets"></dl>'
    )


# --- No hand-written component markup outside the components ---------------------------------------

# Root classes that only the components write. ``reisgids-tag`` stays free for tag links (<a>); only a
# <span> tag is a status badge.
HAND_WRITTEN_IN_TEMPLATES = [
    (
        re.compile(r"""class=["'][^"']*\butrecht-button(?:\b|-)"""),
        "utrecht-button* (button, link_button, button_group)",
    ),
    (re.compile(r"""class=["'][^"']*\butrecht-alert\b"""), "utrecht-alert (alert, error_summary)"),
    (re.compile(r"""class=["'](?:[^"']* )?reisgids-card[ "']"""), "reisgids-card (card)"),
    (re.compile(r"""class=["'](?:[^"']* )?reisgids-status[ "']"""), "reisgids-status (notice)"),
    (
        re.compile(r"""<span class=["'](?:[^"']* )?reisgids-tag[ "']"""),
        "reisgids-tag on a span (status_badge)",
    ),
    (re.compile(r"<dl\b"), "<dl> (description_list)"),
]
PYTHON_MARKERS = ["utrecht-button", "utrecht-alert", "reisgids-card", "reisgids-status", "reisgids-tag"]
COMPONENT_CODE = {ROOT / "reisgids" / "templatetags" / "components.py"}
SKIPPED_DIRS = {".venv", "node_modules", ".git", "static", "tests", "__pycache__"}


def project_files(suffix):
    for path in ROOT.rglob(f"*{suffix}"):
        if not SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts[:-1]):
            yield path


def test_no_template_outside_the_components_writes_their_markup():
    components = ROOT / "templates" / "components"
    found = []
    for path in project_files(".html"):
        if components in path.parents:
            continue
        text = path.read_text()
        for pattern, what in HAND_WRITTEN_IN_TEMPLATES:
            found += [f"{path.relative_to(ROOT)}: {what}" for _ in pattern.finditer(text)]
    assert found == []


def test_no_python_outside_the_components_writes_their_markup():
    found = [
        f"{path.relative_to(ROOT)}: {marker}"
        for path in project_files(".py")
        if path not in COMPONENT_CODE
        for marker in PYTHON_MARKERS
        if marker in path.read_text()
    ]
    assert found == []


def test_the_guard_would_catch_hand_written_markup():
    samples = [
        '<button type="submit" class="utrecht-button utrecht-button--primary-action">x</button>',
        '<a class="utrecht-button-link utrecht-button-link--html-a" href="/">x</a>',
        '<div class="utrecht-button-group">',
        '<div class="utrecht-alert utrecht-alert--error">',
        '<article class="reisgids-card">',
        '<li class="reisgids-card reisgids-notification">',
        '<section class="reisgids-status" aria-labelledby="h">',
        '<span class="reisgids-tag">x</span>',
        '<dl class="reisgids-meta">',
    ]
    for sample in samples:
        assert any(pattern.search(sample) for pattern, _ in HAND_WRITTEN_IN_TEMPLATES), sample
    allowed = (
        '<ul class="reisgids-card-list"><a class="reisgids-tag" href="/"><h3 class="reisgids-card__title">'
    )
    assert not any(pattern.search(allowed) for pattern, _ in HAND_WRITTEN_IN_TEMPLATES)
