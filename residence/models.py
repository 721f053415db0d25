"""Partner in residence (Kwadrant 2): someone who works in the name of one deal partner (the home
partner) on the premises of another (the host partner), keeps a log, raises knelpunten (a handrem
stops the deal's next step) and organises side activities; "bereid de schouw voor" gathers it all for
the schouw.

Writes go through ``residence.services``; reads through ``residence.selectors``."""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from deals.models import Deal
from reisgids.audit import register_actions
from reisgids.models import Organisation
from reisgids.statemachine import StateMachine, Transition
from residence.storage import private_storage


class Function(models.TextChoices):
    SIGNAL = "signaleren", _("Spotting problems early")
    FACILITATE = "faciliteren", _("Facilitating")
    ADVISE = "adviseren", _("Advising")
    MEDIATE = "bemiddelen", _("Mediating")
    COORDINATE = "coordineren", _("Coordinating")


class TimeUnit(models.TextChoices):
    """The unit in which a residency's time per week is agreed."""

    DAYS = "dagen", _("days per week")
    HOURS = "uren", _("hours per week")


# Per unit: the least, the most and the step of the time per week (half days, whole hours).
TIME_BOUNDS = {
    TimeUnit.DAYS: (Decimal("0.5"), Decimal("5"), Decimal("0.5")),
    TimeUnit.HOURS: (Decimal("1"), Decimal("60"), Decimal("1")),
}
TIME_MESSAGES = {
    TimeUnit.DAYS: _("Fill in the days per week, from 0.5 to 5, in half days."),
    TimeUnit.HOURS: _("Fill in the hours per week, a whole number from 1 to 60."),
}


def as_amount(value):
    """``value`` (a Decimal, a number or a text with a point) as a finite Decimal, or None."""
    if value is None or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() else None


def plain_amount(amount):
    """``amount`` without trailing zeros and without an exponent: 16.0 -> 16, 1.50 -> 1.5."""
    if amount == amount.to_integral_value():
        return amount.quantize(Decimal(1))
    return amount.normalize()


def time_per_week_errors(amount, unit):
    """The Dutch messages, per field, for a time per week outside the bounds of its unit; empty
    when it is within them. One check for the model, the forms and the services."""
    if unit not in TimeUnit.values:
        return {"time_unit": _("Choose days or hours per week.")}
    amount = as_amount(amount)
    least, most, step = TIME_BOUNDS[unit]
    if amount is None or not least <= amount <= most or amount % step:
        return {"time_amount": TIME_MESSAGES[unit]}
    return {}


def format_time_per_week(amount, unit):
    """The time per week as the site says it: "2 dagen per week", "1 dag per week", "0,5 dag per
    week", "16 uur per week". A broken number (0,5, 1,5) takes the singular, as Dutch does."""
    amount = plain_amount(Decimal(amount))
    whole = amount == amount.to_integral_value()
    count = int(amount) if whole else 1
    text = number_format(amount, decimal_pos=0 if whole else 1)
    if unit == TimeUnit.DAYS:
        return ngettext("%(amount)s day per week", "%(amount)s days per week", count) % {"amount": text}
    return ngettext("%(amount)s hour per week", "%(amount)s hours per week", count) % {"amount": text}


class Residency(models.Model):
    class Status(models.TextChoices):
        PLANNED = "gepland", _("Planned")
        ACTIVE = "actief", _("Active")
        ENDED = "beeindigd", _("Ended")

    deal = models.ForeignKey(
        Deal, on_delete=models.CASCADE, related_name="residencies", verbose_name=_("deal")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="residencies",
        verbose_name=_("partner in residence"),
    )
    home_partner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="residencies_home",
        verbose_name=_("works in the name of (home partner)"),
    )
    host_partner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="residencies_host",
        verbose_name=_("resides at (host partner)"),
    )
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    # The time per week, in days (0.5 to 5, in halves) or in whole hours (1 to 60): ``TIME_BOUNDS``.
    time_amount = models.DecimalField(
        _("time per week"),
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("60"))],
    )
    time_unit = models.CharField(_("unit of time"), max_length=5, choices=TimeUnit.choices)
    functions = models.JSONField(_("functions agreed"), default=list)
    openness = models.TextField(
        _("agreements on openness"),
        max_length=4000,
        help_text=_("What the partner in residence may see and share at the host partner."),
    )
    name_public = models.BooleanField(
        _("the person agreed to show their name and functions on the public deal page"), default=False
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    end_note = models.TextField(_("end note"), blank=True, max_length=4000)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    home_confirmed_at = models.DateTimeField(_("confirmed by the home partner at"), null=True, blank=True)
    home_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    host_confirmed_at = models.DateTimeField(_("confirmed by the host partner at"), null=True, blank=True)
    host_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("residency")
        verbose_name_plural = _("residencies")
        indexes = [models.Index(fields=["deal", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="residency_end_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(home_partner=models.F("host_partner")), name="residency_two_partners"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    time_unit=TimeUnit.DAYS,
                    time_amount__gte=TIME_BOUNDS[TimeUnit.DAYS][0],
                    time_amount__lte=TIME_BOUNDS[TimeUnit.DAYS][1],
                )
                | models.Q(
                    time_unit=TimeUnit.HOURS,
                    time_amount__gte=TIME_BOUNDS[TimeUnit.HOURS][0],
                    time_amount__lte=TIME_BOUNDS[TimeUnit.HOURS][1],
                ),
                name="residency_time_per_week_in_bounds",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.host_partner} ({self.deal})"

    def get_absolute_url(self):
        return reverse("residence:detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        errors = time_per_week_errors(self.time_amount, self.time_unit)
        if errors:
            raise ValidationError(errors)

    def _time_per_week(self):
        return format_time_per_week(self.time_amount, self.time_unit)

    _time_per_week.short_description = _("Time per week")
    time_per_week = property(_time_per_week)  # "2 dagen per week": the page, /beheer/

    @property
    def function_labels(self):
        labels = dict(Function.choices)
        return [labels.get(value, value) for value in self.functions]


R = Residency.Status

RESIDENCY_STATES = StateMachine(
    model=Residency,
    field="status",
    transitions=[
        Transition(
            name="start",
            sources=(R.PLANNED,),
            target=R.ACTIVE,
            refused=_("This residency is no longer waiting for confirmation."),
            action="residence.residency.start",
            audit_label=_("Start residency"),
            audit_message=_("Residency confirmed by both partners and active"),
        ),
        Transition(
            name="end",
            sources=(R.PLANNED, R.ACTIVE),
            target=R.ENDED,
            label=_("End the residency"),
            slug="beeindigen",
            refused=_("This residency has already ended."),
            action="residence.residency.end",
            audit_label=_("End residency"),
            audit_message=_("Residency ended"),
        ),
    ],
)


class LogEntry(models.Model):
    class Kind(models.TextChoices):
        VISIT = "werkbezoek", _("Work visit")
        MEETING = "overleg", _("Meeting")
        OBSERVATION = "observatie", _("Observation")
        ADVICE = "advies", _("Advice")
        HELP = "hand-en-spandienst", _("Helping hand")

    class Visibility(models.TextChoices):
        ALL = "alle", _("All partners of the deal")
        PAIR = "thuis-gast", _("Only the home and the host partner")

    residency = models.ForeignKey(
        Residency, on_delete=models.CASCADE, related_name="entries", verbose_name=_("residency")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"), max_length=8000)
    visibility = models.CharField(
        _("visible to"), max_length=20, choices=Visibility.choices, default=Visibility.ALL
    )
    attachment = models.FileField(
        _("attachment"), storage=private_storage, upload_to="residence/%Y/%m/", blank=True, max_length=300
    )
    attachment_name = models.CharField(_("attachment name"), max_length=200, blank=True)
    attachment_type = models.CharField(_("attachment type"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        indexes = [models.Index(fields=["residency", "-date", "-id"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d}"


class Response(models.Model):
    entry = models.ForeignKey(
        LogEntry, on_delete=models.CASCADE, related_name="responses", verbose_name=_("log entry")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("on behalf of")
    )
    text = models.TextField(_("response"), max_length=2000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self):
        return self.text[:60]


class Concern(models.Model):
    class Severity(models.TextChoices):
        SIGNAL = "signaal", _("Signal")
        PROBLEM = "knelpunt", _("Problem (knelpunt)")
        HANDREM = "handrem", _("Handbrake (handrem): stop and talk")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "gesloten", _("Closed")

    residency = models.ForeignKey(
        Residency, on_delete=models.CASCADE, related_name="concerns", verbose_name=_("residency")
    )
    # The deal of the residency, kept here so the handrem's step guard and the deal page ask one table.
    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="concerns", verbose_name=_("deal"))
    title = models.CharField(_("what is the problem"), max_length=200)
    description = models.TextField(_("explanation"), max_length=4000, blank=True)
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices)
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner (partner)")
    )
    actions = models.TextField(_("agreed actions"), max_length=4000, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("raised by"),
    )
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    resolution = models.TextField(_("resolution"), max_length=4000, blank=True)
    home_confirmed_at = models.DateTimeField(
        _("resolution confirmed by the home partner at"), null=True, blank=True
    )
    home_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    host_confirmed_at = models.DateTimeField(
        _("resolution confirmed by the host partner at"), null=True, blank=True
    )
    host_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        indexes = [
            models.Index(fields=["deal", "status", "severity"]),
            models.Index(fields=["status", "raised_at"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("residence:concern", kwargs={"pk": self.pk})

    @property
    def is_handrem(self):
        return self.severity == self.Severity.HANDREM

    @property
    def age_days(self):
        return (timezone.now() - self.raised_at).days


C = Concern.Status

CONCERN_STATES = StateMachine(
    model=Concern,
    field="status",
    transitions=[
        Transition(
            name="close",
            sources=(C.OPEN,),
            target=C.CLOSED,
            refused=_("This concern is already closed."),
            action="residence.concern.close",
            audit_label=_("Close concern"),
            audit_message=_("Concern closed: both partners confirmed the resolution"),
        ),
    ],
)


class ConcernReminder(models.Model):
    """One weekly reminder about an open concern: unique per concern and ISO week, written in the
    transaction that notifies the owners, so a task that runs twice or again after a worker died
    sends nothing more."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="reminders")
    week = models.CharField(max_length=8)  # ISO week, "2026-W49"
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("concern reminder")
        verbose_name_plural = _("concern reminders")
        constraints = [
            models.UniqueConstraint(fields=["concern", "week"], name="one_reminder_per_concern_week")
        ]

    def __str__(self):
        return f"{self.concern_id} {self.week}"


class Activity(models.Model):
    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        TRAINING = "training", _("Training")
        OUTING = "teamuitje", _("Team outing")
        INTERVISION = "intervisie", _("Intervision")

    residency = models.ForeignKey(
        Residency, on_delete=models.CASCADE, related_name="activities", verbose_name=_("residency")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200)
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("partners involved")
    )
    description = models.TextField(_("description"), max_length=4000, blank=True)
    is_public = models.BooleanField(_("public: show in the agenda"), default=False)
    report = models.TextField(_("short report afterwards"), max_length=4000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("side activity")
        verbose_name_plural = _("side activities")
        indexes = [models.Index(fields=["is_public", "starts_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("residence:activity", kwargs={"pk": self.pk})


# The audit actions of the services that are not transitions of a state machine.
register_actions(
    {
        "residence.residency.propose": (_("Propose partner in residence"), _("Residency proposed")),
        "residence.residency.confirm": (
            _("Confirm partner in residence"),
            _("Residency confirmed by a partner"),
        ),
        "residence.residency.update": (
            _("Change partner in residence"),
            _("Period, hours, functions or openness of the residency changed"),
        ),
        "residence.residency.consent": (
            _("Consent to be named as partner in residence"),
            _("The partner in residence gave or withdrew consent to be named on the public deal page"),
        ),
        "residence.entry.create": (_("Write residency log entry"), _("Log entry written")),
        "residence.entry.update": (_("Change residency log entry"), _("Log entry changed")),
        "residence.response.create": (_("Respond to residency log entry"), _("Response written")),
        "residence.concern.raise": (_("Raise concern"), _("Concern raised")),
        "residence.concern.update": (_("Change concern"), _("Concern changed")),
        "residence.concern.confirm": (
            _("Confirm resolution of concern"),
            _("Resolution confirmed by a partner"),
        ),
        "residence.activity.create": (_("Plan side activity"), _("Side activity planned")),
        "residence.activity.report": (_("Report on side activity"), _("Report on side activity written")),
    }
)
