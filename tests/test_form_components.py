"""The shared form field template: every form on the site renders through it."""

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
