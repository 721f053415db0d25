"""A residency's time per week: an amount with a unit (days or hours) instead of only hours. The
column keeps its values (hours_per_week becomes time_amount) and every existing residency gets the
unit hours, so "16" stays "16 uur per week". Back: days become hours at 8 hours a day."""

from decimal import Decimal

import django.core.validators
from django.db import migrations, models


def days_to_hours(apps, schema_editor):
    Residency = apps.get_model("residence", "Residency")
    for residency in Residency.objects.filter(time_unit="dagen").only("pk", "time_amount"):
        hours = min(60, max(1, int((residency.time_amount * 8).to_integral_value())))
        Residency.objects.filter(pk=residency.pk).update(time_amount=hours, time_unit="uren")


class Migration(migrations.Migration):
    dependencies = [
        ("residence", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="residency", old_name="hours_per_week", new_name="time_amount"),
        migrations.AlterField(
            model_name="residency",
            name="time_amount",
            field=models.DecimalField(
                decimal_places=1,
                max_digits=3,
                validators=[
                    django.core.validators.MinValueValidator(Decimal("0.5")),
                    django.core.validators.MaxValueValidator(Decimal("60")),
                ],
                verbose_name="time per week",
            ),
        ),
        migrations.AddField(
            model_name="residency",
            name="time_unit",
            field=models.CharField(
                choices=[("dagen", "days per week"), ("uren", "hours per week")],
                default="uren",
                max_length=5,
                verbose_name="unit of time",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(migrations.RunPython.noop, days_to_hours),
        migrations.AddConstraint(
            model_name="residency",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(time_amount__gte=Decimal("0.5"), time_amount__lte=Decimal("5"), time_unit="dagen"),
                    models.Q(time_amount__gte=Decimal("1"), time_amount__lte=Decimal("60"), time_unit="uren"),
                    _connector="OR",
                ),
                name="residency_time_per_week_in_bounds",
            ),
        ),
    ]
