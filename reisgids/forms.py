import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, ProhibitNullCharactersValidator
from django.db import models
from django.forms.renderers import TemplatesSetting
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from reisgids.models import Area, JoinRequest, Membership, Neighbourhood, Organisation, Theme
from reisgids.userinput import ControlCharacterValidator


class CleanInputMixin:
    """Every form of the front end starts with this mixin (a test checks it). Its text fields refuse
    control characters, a NUL byte among them, with a Dutch message next to the field (see
    ``reisgids.userinput``); Django itself only refuses the NUL byte."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators = [
                    *(v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)),
                    ControlCharacterValidator(),
                ]


def apply_service_errors(form, error):
    """Show a service's ValidationError on ``form``: next to the fields it names, the rest above
    the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


WHOLE_AREA = "gebied-"  # the value of a gebied's "heel het gebied" checkbox: gebied-<pk>


class GroupedCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes in one fieldset per group (a gebied's wijken): no long multi-select. The first
    checkbox of a group ("heel het gebied") is checked when each of the group's wijken is."""

    template_name = "reisgids/widgets/grouped_checkboxes.html"

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        for _group, options, _index in groups:
            whole, wijken = options[0], options[1:]
            if str(whole["value"]).startswith(WHOLE_AREA) and wijken and all(o["selected"] for o in wijken):
                whole["selected"] = True
                whole["attrs"] = {**whole["attrs"], "checked": True}
        return groups


class NeighbourhoodChoiceIterator(forms.models.ModelChoiceIterator):
    """The wijken grouped per gebied, in one query; each group starts with "heel het gebied"."""

    def __iter__(self):
        groups = {}
        for neighbourhood in self.queryset.select_related("area").order_by("area__name", "name"):
            area = neighbourhood.area
            if area.name not in groups:
                groups[area.name] = [(f"{WHOLE_AREA}{area.pk}", _("the whole area"))]
            groups[area.name].append(self.choice(neighbourhood))
        yield from groups.items()


class NeighbourhoodsField(forms.ModelMultipleChoiceField):
    """The wijken of a form as a checkbox group per gebied. "Heel het gebied" stands for each wijk
    of that gebied, also without script (static/js/whole-area.js ticks them as you choose)."""

    iterator = NeighbourhoodChoiceIterator
    widget = GroupedCheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Neighbourhood.objects.all())
        kwargs.setdefault("label", _("Neighbourhoods"))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        if isinstance(value, list | tuple):
            chosen = [str(item) for item in value]
            areas = [item.removeprefix(WHOLE_AREA) for item in chosen if item.startswith(WHOLE_AREA)]
            if areas:
                wijken = []
                if all(area.isdigit() for area in areas):
                    wijken = list(self.queryset.filter(area__pk__in=areas).values_list("pk", flat=True))
                if not wijken:
                    error = self.error_messages["invalid_choice"]
                    raise ValidationError(error, code="invalid_choice", params={"value": areas[0]})
                others = [item for item in chosen if not item.startswith(WHOLE_AREA)]
                value = list(dict.fromkeys(others + [str(pk) for pk in wijken]))
        return super().clean(value)


class Refusal(list):
    """The messages of a refusal that no field explains (a service's ``ValidationError``: a stale
    version, the last beheerder, a link already used). A page shows it with ``{% error_summary %}``
    and its title starts with "Fout: ", as for a form with errors. ``anchor``: the id of the place on
    the page that says it, where the summary's link leads ("" for none)."""

    def __init__(self, messages=(), anchor=""):
        super().__init__(messages)
        self.anchor = anchor

    @classmethod
    def of(cls, error, anchor=""):
        return cls(error.messages if hasattr(error, "messages") else [str(error)], anchor)


class ReisgidsFormRenderer(TemplatesSetting):
    """Every form on the site renders through the same NL Design System templates."""

    form_template_name = "components/form.html"
    field_template_name = "components/form_field.html"


LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_EXTENSIONS = ["png", "jpg", "jpeg", "webp"]


def https_formfield(db_field, **kwargs):
    """``Meta.formfield_callback`` for model forms: a web address typed without a scheme is taken
    as https:// (Django 6's default, chosen now)."""
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class OrganisationForm(CleanInputMixin, forms.ModelForm):
    """The front-end profile of an organisation, for registering and for editing."""

    class Meta:
        model = Organisation
        formfield_callback = https_formfield
        field_classes = {"neighbourhoods": NeighbourhoodsField}
        fields = [
            "name",
            "kind",
            "summary",
            "description",
            "website",
            "logo",
            "parent",
            "areas",
            "neighbourhoods",
            "themes",
            "contact_email",
            "contact_phone",
            "show_contact",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "areas": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 6}),
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }
        help_texts = {
            "website": _("The full address, starting with https://"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from reisgids import selectors

        self.fields["name"].error_messages["required"] = _("Fill in the name of the organisation.")
        self.fields["kind"].error_messages["required"] = _("Choose what kind of organisation this is.")
        self.fields["kind"].choices = Organisation.Kind.choices
        self.fields["parent"].queryset = selectors.organisations_parent_choices(
            user=user, exclude=self.instance if self.instance.pk else None
        )
        self.fields["parent"].help_text = _(
            "For example: a department is part of a municipal cluster. You can choose organisations "
            "you are a member of."
        )
        self.fields["parent"].empty_label = _("Not part of another organisation")
        self.fields["areas"].queryset = Area.objects.all()
        self.fields["themes"].queryset = Theme.objects.all()
        self.fields["logo"].help_text = _("A PNG, JPEG or WebP image of at most %(size)s.") % {
            "size": filesizeformat(LOGO_MAX_BYTES)
        }
        self.fields["logo"].validators.append(
            FileExtensionValidator(LOGO_EXTENSIONS, message=_("Upload a PNG, JPEG or WebP image."))
        )

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "size") and logo.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(
                _("The logo is too large. Upload an image of at most %(size)s."),
                params={"size": filesizeformat(LOGO_MAX_BYTES)},
            )
        return logo

    def profile_data(self):
        """The cleaned data as keyword arguments for the services."""
        data = dict(self.cleaned_data)
        if "logo" in self.changed_data:
            data["logo"] = self.cleaned_data["logo"]  # False when cleared
        else:
            data.pop("logo", None)
        return data


class JoinRequestForm(CleanInputMixin, forms.ModelForm):
    class Meta:
        model = JoinRequest
        fields = ["motivation"]
        widgets = {"motivation": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"motivation": _("Optional: who you are and what you would like to do.")}


class RoleForm(CleanInputMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


# --- choosers -------------------------------------------------------------------------------------

CHOSEN_ID = re.compile(r"\(#(\d+)\)\s*$")


class ChooserWidget(forms.TextInput):
    """A text field with the browser's own suggestion list (``<datalist>``, no script): filled with
    the matches of what was typed when that was not one exact name."""

    template_name = "reisgids/widgets/chooser.html"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", **(attrs or {})})
        self.suggestions = []

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["list"] = f"{context['widget']['attrs'].get('id', name)}-keuzes"
        context["widget"]["suggestions"] = self.suggestions
        return context


class ChooserField(forms.Field):
    """Choose one object of ``queryset`` by typing its name, for lists too long for a select (10,000
    organisations, every user). The chosen object shows as "Name (#id)"; a typed name that is exactly
    one object's is taken; otherwise the field says so in Dutch and suggests at most ``limit``
    matches. One query to resolve, one more (bounded) for the suggestions; none to render."""

    widget = ChooserWidget
    default_error_messages = {
        "none": _("Nothing found for “%(text)s”. Check the spelling."),
        "several": _("Several match “%(text)s”: choose one from the suggestions."),
    }

    def __init__(self, *, queryset, search_fields=("name",), label_of=str, limit=20, **kwargs):
        super().__init__(**kwargs)
        self.queryset, self.search_fields, self.label_of, self.limit = (
            queryset,
            search_fields,
            label_of,
            limit,
        )
        self.widget.attrs["maxlength"] = "300"

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.queryset = self.queryset.all()
        return result

    def choice_label(self, obj):
        return f"{self.label_of(obj)} (#{obj.pk})"

    def prepare_value(self, value):
        if isinstance(value, models.Model):
            return self.choice_label(value)
        return value

    def resolve(self, text):
        text = (text or "").strip()[:300]
        if not text:
            return None
        chosen = CHOSEN_ID.search(text) or (text.isdigit() and re.match(r"(\d+)", text))
        if chosen:  # "Name (#id)" as the field shows a choice, or the bare id
            found = self.queryset.filter(pk=int(chosen[1])).first()
            if found is not None:
                return found
        name = CHOSEN_ID.sub("", text).strip()
        condition = models.Q()
        for word in name.split()[:5]:  # each word in one of the fields ("Fatima Bakker")
            in_a_field = models.Q()
            for field in self.search_fields:
                in_a_field |= models.Q(**{f"{field}__icontains": word})
            condition &= in_a_field
        matches = list(self.queryset.filter(condition).order_by(*self.search_fields, "pk")[: self.limit + 1])
        exact = [obj for obj in matches if self.label_of(obj).strip().lower() == name.lower()]
        if len(exact) == 1:
            return exact[0]
        self.widget.suggestions = [self.choice_label(obj) for obj in matches[: self.limit]]
        code = "several" if matches else "none"
        raise forms.ValidationError(self.error_messages[code], code=code, params={"text": name})

    def to_python(self, value):
        return self.resolve(value)


class MultipleChooserWidget(forms.Textarea):
    def __init__(self, attrs=None):
        super().__init__({"rows": 4, **(attrs or {})})
        self.suggestions = []

    def format_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value)
        return super().format_value(value)


class MultipleChooserField(ChooserField):
    """Several objects, one name per line (see ``ChooserField``); at most ``max_choices``."""

    widget = MultipleChooserWidget
    default_error_messages = {"max_choices": _("Choose at most %(max)d.")}

    def __init__(self, *, max_choices=50, **kwargs):
        super().__init__(**kwargs)
        self.max_choices = max_choices
        self.widget.attrs["maxlength"] = str(300 * max_choices)

    def prepare_value(self, value):
        if isinstance(value, list | tuple) or hasattr(value, "model"):
            return [self.choice_label(obj) if isinstance(obj, models.Model) else obj for obj in value]
        return value

    def to_python(self, value):
        lines = [line.strip() for line in (value or "").splitlines() if line.strip()]
        if len(lines) > self.max_choices:
            raise forms.ValidationError(
                self.error_messages["max_choices"], code="max_choices", params={"max": self.max_choices}
            )
        chosen, errors = [], []
        for line in lines:
            try:
                chosen.append(self.resolve(line))
            except forms.ValidationError as error:
                errors.append(error)
                if self.widget.suggestions:
                    errors.append(
                        forms.ValidationError(
                            _("Did you mean: %(names)s?"),
                            params={"names": "; ".join(self.widget.suggestions)},
                        )
                    )
        if errors:
            raise forms.ValidationError(errors)
        return list(dict.fromkeys(chosen))

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
