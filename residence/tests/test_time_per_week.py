"""A residency's time per week is an amount with a unit: days (0.5 to 5, in half days) or whole hours
(1 to 60). One check (``time_per_week_errors``) serves the model, the form and the services, with a
Dutch message next to the field; the site says it in Dutch with the right singular or plural."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from residence.forms import ResidencyEditForm
from residence.models import Residency, format_time_per_week, time_per_week_errors
from residence.tests.factories import ResidencyFactory

WITHIN = [("0.5", "dagen"), ("1.5", "dagen"), ("5", "dagen"), ("1", "uren"), ("60", "uren")]
OUTSIDE = [
    ("0", "dagen"),
    ("6", "dagen"),
    ("5.5", "dagen"),
    ("1.25", "dagen"),
    ("0", "uren"),
    ("0.5", "uren"),
    ("61", "uren"),
    ("16.5", "uren"),
    ("-1", "uren"),
]


@pytest.mark.parametrize("amount, unit", WITHIN)
def test_the_bounds_of_each_unit_are_allowed(amount, unit):
    assert time_per_week_errors(Decimal(amount), unit) == {}
    Residency(time_amount=Decimal(amount), time_unit=unit).clean()


@pytest.mark.parametrize("amount, unit", OUTSIDE)
def test_the_model_refuses_an_amount_outside_its_unit(amount, unit):
    with pytest.raises(ValidationError) as error:
        Residency(time_amount=Decimal(amount), time_unit=unit).clean()
    assert set(error.value.error_dict) == {"time_amount"}


def test_without_a_known_unit_the_unit_is_asked_for():
    assert set(time_per_week_errors(Decimal(2), "weken")) == {"time_unit"}
    assert set(time_per_week_errors(None, "")) == {"time_unit"}


def form(amount, unit):
    return ResidencyEditForm(
        {
            "starts_on": "2026-06-01",
            "time_amount": amount,
            "time_unit": unit,
            "functions": ["adviseren"],
            "openness": "Alles",
        }
    )


@pytest.mark.parametrize(
    "amount, unit, message",
    [
        ("6", "dagen", "Vul het aantal dagen per week in: van 0,5 tot en met 5, in halve dagen."),
        ("0", "dagen", "Vul het aantal dagen per week in: van 0,5 tot en met 5, in halve dagen."),
        ("0", "uren", "Vul het aantal uren per week in: een heel getal van 1 tot en met 60."),
        ("61", "uren", "Vul het aantal uren per week in: een heel getal van 1 tot en met 60."),
        ("1,25", "dagen", "Vul het aantal dagen per week in: van 0,5 tot en met 5, in halve dagen."),
        ("veel", "uren", "Vul de tijd per week in als getal, bijvoorbeeld 2 of 1,5."),
    ],
)
def test_the_form_says_in_dutch_what_is_outside_the_bounds(amount, unit, message):
    with translation.override("nl"):
        bound = form(amount, unit)
        assert not bound.is_valid()
        assert bound.errors["time_amount"] == [message]
        assert f'value="{amount}"' in str(bound["time_amount"])  # what was typed stays


def test_the_form_takes_a_comma_or_a_point_and_shows_no_trailing_zero():
    with translation.override("nl"):
        for typed in ("1,5", "1.5"):
            bound = form(typed, "dagen")
            assert bound.is_valid(), bound.errors
            assert bound.cleaned_data["time_amount"] == Decimal("1.5")
        initial = ResidencyEditForm(initial={"time_amount": Decimal("16.0"), "time_unit": "uren"})
        assert 'value="16"' in str(initial["time_amount"])
        assert form("", "uren").errors["time_amount"] == [
            "Vul de tijd per week in, bijvoorbeeld 2 (dagen) of 16 (uren)."
        ]
        assert form("", "").errors["time_unit"] == ["Kies dagen of uren per week."]


@pytest.mark.parametrize(
    "amount, unit, text",
    [
        ("1", "dagen", "1 dag per week"),
        ("2", "dagen", "2 dagen per week"),
        ("0.5", "dagen", "0,5 dag per week"),
        ("1.5", "dagen", "1,5 dag per week"),
        ("5.0", "dagen", "5 dagen per week"),
        ("1", "uren", "1 uur per week"),
        ("16.0", "uren", "16 uur per week"),
    ],
)
def test_the_time_per_week_in_dutch(amount, unit, text):
    with translation.override("nl"):
        assert format_time_per_week(Decimal(amount), unit) == text


@pytest.mark.django_db
def test_the_database_refuses_an_amount_outside_its_unit():
    residency = ResidencyFactory(time_amount=Decimal("4.5"), time_unit="dagen")
    with pytest.raises(IntegrityError), transaction.atomic():
        Residency.objects.filter(pk=residency.pk).update(time_amount=6)
