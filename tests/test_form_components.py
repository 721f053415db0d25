"""The shared form field template: every form on the site renders through it."""

import re

import pytest
from django import forms


class ExampleForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect, help_text="Pick one"
    )
    topics = forms.MultipleChoiceField(
        label="Topics", choices=[("x", "X"), ("y", "Y")], widget=forms.CheckboxSelectMultiple
    )
    name = forms.CharField(label="Name", help_text="Your name")


def test_choice_lists_are_fieldsets_with_the_utrecht_class_on_each_input_only():
    html = ExampleForm().as_div()
    assert '<fieldset class="utrecht-form-fieldset ' in html
    assert '<div id="id_kind">' in html  # the wrapper carries no radio-button class
    assert html.count('class="utrecht-radio-button utrecht-radio-button--html-input"') == 2
    assert '<div id="id_topics">' in html
    assert html.count('class="utrecht-checkbox utrecht-checkbox--html-input"') == 2


def test_errors_sit_next_to_the_field_and_are_announced_with_the_input():
    form = ExampleForm(data={"name": "", "kind": "zzz"})
    html = form.as_div()
    assert 'id="id_name_error"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'aria-invalid="true"' in html
    assert "utrecht-textbox--invalid" in html


def test_a_web_address_without_scheme_is_taken_as_https():
    from reisgids.forms import https_formfield
    from reisgids.models import Organisation

    field = https_formfield(Organisation._meta.get_field("website"))
    assert field.clean("buurtkracht.nl") == "https://buurtkracht.nl"


class WijkenForm(forms.Form):
    def __init__(self, *args, **kwargs):
        from reisgids.forms import NeighbourhoodsField

        super().__init__(*args, **kwargs)
        self.fields["neighbourhoods"] = NeighbourhoodsField()


@pytest.fixture
def gebieden():
    from reisgids.tests.factories import AreaFactory, NeighbourhoodFactory

    charlois, delfshaven = AreaFactory(name="Charlois Test"), AreaFactory(name="Delfshaven Test")
    names = [(charlois, "Carnisse T"), (charlois, "Oud-Charlois T"), (delfshaven, "Bospolder T")]
    wijken = {name: NeighbourhoodFactory(area=area, name=name) for area, name in names}
    return charlois, delfshaven, wijken


def _fieldset_of(html, legend):
    return html.split(f">{legend}</legend>", 1)[1].split("</fieldset>", 1)[0]


@pytest.mark.django_db
def test_wijken_are_checkboxes_per_gebied_each_with_the_whole_gebied_first(gebieden):
    charlois, _delfshaven, wijken = gebieden
    html = WijkenForm().as_div()
    assert "<select" not in html and "Ctrl" not in html
    group = _fieldset_of(html, "Charlois Test")
    values = re.findall(r'<input type="checkbox" name="neighbourhoods" value="([^"]+)"', group)
    assert values == [f"gebied-{charlois.pk}", str(wijken["Carnisse T"].pk), str(wijken["Oud-Charlois T"].pk)]
    whole = rf'<label [^>]*>\s*<input [^>]*value="gebied-{charlois.pk}"[^>]*>\s*heel het gebied'
    assert re.search(whole, group)


@pytest.mark.django_db
def test_the_whole_gebied_chooses_each_of_its_wijken_without_script(gebieden):
    charlois, _delfshaven, wijken = gebieden
    form = WijkenForm(data={"neighbourhoods": [f"gebied-{charlois.pk}", str(wijken["Bospolder T"].pk)]})
    assert form.is_valid(), form.errors
    assert set(form.cleaned_data["neighbourhoods"]) == set(wijken.values())
    assert not WijkenForm(data={"neighbourhoods": ["gebied-0"]}).is_valid()
    assert not WijkenForm(data={"neighbourhoods": ["gebied-x"]}).is_valid()


@pytest.mark.django_db
def test_the_whole_gebied_is_checked_when_each_of_its_wijken_is(gebieden):
    charlois, delfshaven, wijken = gebieden
    every = WijkenForm(initial={"neighbourhoods": [wijken["Carnisse T"], wijken["Oud-Charlois T"]]}).as_div()
    assert re.search(rf'value="gebied-{charlois.pk}"[^>]*checked', _fieldset_of(every, "Charlois Test"))
    delfshaven_group = _fieldset_of(every, "Delfshaven Test")
    assert not re.search(rf'value="gebied-{delfshaven.pk}"[^>]*checked', delfshaven_group)
    some = WijkenForm(initial={"neighbourhoods": [wijken["Carnisse T"]]}).as_div()
    assert not re.search(rf'value="gebied-{charlois.pk}"[^>]*checked', some)
