"""De schouw (Kwadrant 3): a joint, appreciative evaluation of a deal in five phases, run by an
ambtenaar in /beheer/, with the deal's partners in the front end and outsiders (peers,
ervaringsdeskundigen) through personal invitation links. It ends in a report (HTML and PDF) and
lessons that become drafts in the lessons knowledge base.

Writes go through ``schouw.services``; reads through ``schouw.selectors``. The phases are one
state machine (``SCHOUW_PHASES``)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deals.models import Deal
from reisgids.models import Organisation
from reisgids.statemachine import StateMachine, Transition

# The small scale of the waarderende schouw: a score is optional, its labels say what it means.
SCORES = (
    (1, _("Not yet")),
    (2, _("On the way")),
    (3, _("Good")),
    (4, _("Exemplary")),
)
SCORE_MIN, SCORE_MAX = SCORES[0][0], SCORES[-1][0]


class Schouw(models.Model):
    class Kind(models.TextChoices):
        SCHOUW = "schouw", _("Schouw of a deal")
        PEER_REVIEW = "peer-review", _("Peer review")
        COLLEGE_TOUR = "college-tour", _("College tour")

    class Phase(models.TextChoices):
        PLANNED = "gepland", _("Planned")
        OPEN = "open", _("Open schouw")
        MEETLAT = "meetlat", _("Setting the meetlat")
        APPRAISAL = "waarderen", _("Appreciative schouw")
        DISCUSSION = "bespreking", _("Discussing the results")
        REPORT = "rapportage", _("Reporting")
        PUBLISHED = "gepubliceerd", _("Report published")

    # The phases in which participants write (observations, meetlat, appraisals, bespreking).
    RUNNING = (Phase.OPEN, Phase.MEETLAT, Phase.APPRAISAL, Phase.DISCUSSION, Phase.REPORT)

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SCHOUW)
    deal = models.ForeignKey(
        Deal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="schouwen",
        verbose_name=_("deal"),
        help_text=_(
            "The deal a schouw of a deal evaluates. A peer review or college tour links its deals below."
        ),
    )
    # A peer review or college tour links none, one or several deals (at most MAX_LINKED_DEALS);
    # a schouw of a deal has its one deal above and links none here. Written by the services only.
    deals = models.ManyToManyField(
        Deal,
        through="SchouwDeal",
        blank=True,
        related_name="linked_schouwen",
        verbose_name=_("linked deals"),
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.PLANNED)
    planned_for = models.DateField(_("planned for"))
    period_start = models.DateField(_("period evaluated from"), null=True, blank=True)
    period_end = models.DateField(_("period evaluated until"), null=True, blank=True)
    setting = models.TextField(_("setting"), blank=True, help_text=_("Where and how the schouw takes place."))
    reporter = models.CharField(_("who writes the report"), max_length=200, blank=True)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("ambtenaar running the schouw"),
    )
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True, editable=False)
    # Bespreking resultaten
    goes_well = models.TextField(_("what goes well"), blank=True)
    can_improve = models.TextField(_("what can improve"), blank=True)
    worth_sharing = models.TextField(_("what is worth sharing"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    follow_up_deal = models.BooleanField(_("start a follow-up deal"), default=False)
    # Rapportage
    report_summary = models.TextField(_("report"), blank=True)
    report_pdf = models.BinaryField(_("report as PDF"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("report published at"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    is_demo = models.BooleanField(_("demo content"), default=False, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-planned_for", "-id"]
        verbose_name = _("schouw")
        verbose_name_plural = _("schouwen")
        indexes = [models.Index(fields=["phase", "planned_for"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="schouw") | models.Q(deal__isnull=False),
                name="schouw_of_a_deal_has_a_deal",
            ),
            # A variant's deals are its links (``deals``), never the single deal of a schouw of a deal.
            models.CheckConstraint(
                condition=models.Q(kind="schouw") | models.Q(deal__isnull=True),
                name="schouw_variant_links_its_deals",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("schouw:detail", kwargs={"pk": self.pk})

    @property
    def is_published(self):
        return self.phase == self.Phase.PUBLISHED

    @property
    def is_running(self):
        return self.phase in self.RUNNING

    @property
    def is_overdue(self):
        return self.phase == self.Phase.PLANNED and self.planned_for < timezone.localdate()

    @property
    def is_variant(self):
        """A peer review or college tour: no single deal, possibly several linked ones."""
        return self.kind != self.Kind.SCHOUW

    def evaluated_deals(self):
        """The deals this schouw is about: its one deal, or a variant's linked deals (by title; from
        the prefetch of ``deals`` when there is one)."""
        if self.deal_id:
            return [self.deal]
        return sorted(self.deals.all(), key=lambda deal: (deal.title.lower(), deal.pk))

    def phase_number(self):
        """1–5 for the five phases, 0 before, 6 after publication."""
        order = [p for p, _label in self.Phase.choices]
        return order.index(self.phase)


Ph = Schouw.Phase
NOT_YET = _("The schouw is in the phase “%(current)s” and cannot move to “%(next)s” yet.")

# The five phases, and publishing the report: the only ways a schouw's phase changes. Applied by
# one service each in schouw.services (ambtenaren, in /beheer/).
SCHOUW_PHASES = StateMachine(
    model=Schouw,
    field="phase",
    refused=NOT_YET,
    transitions=[
        Transition(
            name="open",
            sources=(Ph.PLANNED,),
            target=Ph.OPEN,
            label=_("Start the open schouw"),
            action="schouw.schouw.open",
            audit_label=_("Start schouw"),
            audit_message=_("Open schouw started"),
        ),
        Transition(
            name="meetlat",
            sources=(Ph.OPEN,),
            target=Ph.MEETLAT,
            label=_("Move to: setting the meetlat"),
            action="schouw.schouw.meetlat",
            audit_label=_("Move schouw to meetlat"),
            audit_message=_("Moved to the phase: setting the meetlat"),
        ),
        Transition(
            name="appraise",
            sources=(Ph.MEETLAT,),
            target=Ph.APPRAISAL,
            label=_("Move to: appreciative schouw"),
            action="schouw.schouw.appraise",
            audit_label=_("Move schouw to appraisal"),
            audit_message=_("Moved to the phase: appreciative schouw"),
        ),
        Transition(
            name="discuss",
            sources=(Ph.APPRAISAL,),
            target=Ph.DISCUSSION,
            label=_("Move to: discussing the results"),
            action="schouw.schouw.discuss",
            audit_label=_("Move schouw to discussion"),
            audit_message=_("Moved to the phase: discussing the results"),
        ),
        Transition(
            name="report",
            sources=(Ph.DISCUSSION,),
            target=Ph.REPORT,
            label=_("Move to: reporting"),
            action="schouw.schouw.report",
            audit_label=_("Move schouw to reporting"),
            audit_message=_("Moved to the phase: reporting"),
        ),
        Transition(
            name="publish",
            sources=(Ph.REPORT,),
            target=Ph.PUBLISHED,
            label=_("Publish the report"),
            action="schouw.schouw.publish",
            audit_label=_("Publish schouw report"),
            audit_message=_("Schouw report published; lessons drafted"),
        ),
    ],
)


# At most this many deals linked to one peer review or college tour: each deal page lists its report.
MAX_LINKED_DEALS = 20


class SchouwDeal(models.Model):
    """A deal linked to a peer review or college tour: once the report is published, it is listed
    on the deal's page. Changed only through ``schouw.services`` (with an audit row)."""

    schouw = models.ForeignKey(
        Schouw, on_delete=models.CASCADE, related_name="deal_links", verbose_name=_("schouw")
    )
    deal = models.ForeignKey(
        Deal, on_delete=models.PROTECT, related_name="schouw_links", verbose_name=_("deal")
    )
    created_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("deal linked to a schouw")
        verbose_name_plural = _("deals linked to schouwen")
        constraints = [models.UniqueConstraint(fields=["schouw", "deal"], name="unique_schouw_deal")]

    def __str__(self):
        return f"{self.deal} – {self.schouw}"


class SchouwPartner(models.Model):
    """A partner evaluated in the schouw, with its own meetlat (the criteria) and the advice the
    bespreking gives it. For a schouw of a deal: the deal's partners that take part."""

    schouw = models.ForeignKey(
        Schouw, on_delete=models.CASCADE, related_name="partners", verbose_name=_("schouw")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="schouw_partnerships",
        verbose_name=_("organisation"),
    )
    meetlat_confirmed_at = models.DateTimeField(_("meetlat confirmed at"), null=True, blank=True)
    meetlat_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("meetlat confirmed by"),
    )
    advice = models.TextField(_("advice"), blank=True)

    class Meta:
        ordering = ["organisation__name", "id"]
        verbose_name = _("schouw partner")
        verbose_name_plural = _("schouw partners")
        constraints = [
            models.UniqueConstraint(fields=["schouw", "organisation"], name="unique_schouw_partner")
        ]

    def __str__(self):
        return f"{self.organisation} – {self.schouw}"


class Criterion(models.Model):
    """One line of a partner's meetlat."""

    partner = models.ForeignKey(
        SchouwPartner, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("partner")
    )
    title = models.CharField(_("criterion"), max_length=300)
    description = models.TextField(_("explanation"), blank=True)
    is_inbreng = models.BooleanField(_("about the committed input"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self):
        return self.title


class Participant(models.Model):
    """An outsider taking part: an external peer, an ervaringsdeskundige or a wethouder. Invited by
    email with a personal link (only the token's hash is kept); no account needed. The partners'
    members take part through their membership and have no row here."""

    class Kind(models.TextChoices):
        PEER = "peer", _("External peer")
        EXPERT = "ervaringsdeskundige", _("Expert by experience")
        ALDERMAN = "wethouder", _("Alderman")

    schouw = models.ForeignKey(
        Schouw, on_delete=models.CASCADE, related_name="participants", verbose_name=_("schouw")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email address"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
        help_text=_("For a peer chosen from the directory."),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    expires_at = models.DateTimeField(_("link expires at"))
    revoked_at = models.DateTimeField(_("link revoked at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("appraisal handed in at"), null=True, blank=True)

    class Meta:
        ordering = ["invited_at", "id"]
        verbose_name = _("invited participant")
        verbose_name_plural = _("invited participants")
        constraints = [models.UniqueConstraint(fields=["schouw", "email"], name="unique_schouw_participant")]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def link_state(self):
        if self.revoked_at:
            return "revoked"
        if self.completed_at:
            return "used"
        if self.expires_at <= timezone.now():
            return "expired"
        return "open"


class Observation(models.Model):
    """Phase 1: what a participant saw, without criteria."""

    class Tone(models.TextChoices):
        POSITIVE = "positief", _("Positive")
        NEGATIVE = "negatief", _("Negative")
        MIXED = "gemengd", _("Both")

    class Expectation(models.TextChoices):
        EXPECTED = "verwacht", _("Expected")
        UNEXPECTED = "onverwacht", _("Unexpected")

    schouw = models.ForeignKey(
        Schouw, on_delete=models.CASCADE, related_name="observations", verbose_name=_("schouw")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("for"),
    )
    text = models.TextField(_("what you saw"), max_length=4000)
    tone = models.CharField(_("positive or negative"), max_length=10, choices=Tone.choices)
    expectation = models.CharField(_("expected or not"), max_length=12, choices=Expectation.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")

    def __str__(self):
        return self.text[:80]


class Appraisal(models.Model):
    """Phase 3: one participant's appraisal of one partner on one criterion: a qualitative text and
    an optional score. By a member of a partner (``author``) or an invited outsider (``participant``)."""

    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="appraisals", verbose_name=_("criterion")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, null=True, blank=True, related_name="appraisals"
    )
    text = models.TextField(_("appraisal"), max_length=4000)
    score = models.PositiveSmallIntegerField(
        _("score"),
        null=True,
        blank=True,
        choices=SCORES,
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)],
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("appraisal")
        verbose_name_plural = _("appraisals")
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "author"],
                condition=models.Q(participant__isnull=True),
                name="one_appraisal_per_member",
            ),
            models.UniqueConstraint(
                fields=["criterion", "participant"],
                condition=models.Q(participant__isnull=False),
                name="one_appraisal_per_participant",
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                name="appraisal_score_on_the_scale",
            ),
        ]

    def __str__(self):
        return self.text[:80]


class AgreementRevision(models.Model):
    """Phase 4: a revised or new agreement, written to the deal's process agreements (through
    ``deals.services.deal_revise_agreements``) with what changed and why."""

    schouw = models.ForeignKey(
        Schouw, on_delete=models.CASCADE, related_name="agreement_revisions", verbose_name=_("schouw")
    )
    agreement = models.TextField(_("revised or new agreement"), max_length=4000)
    reason = models.TextField(_("why"), max_length=4000)
    previous = models.TextField(_("the agreements before"), blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("revised agreement")
        verbose_name_plural = _("revised agreements")

    def __str__(self):
        return self.agreement[:80]


class Lesson(models.Model):
    """A lesson of the schouw, formulated for a wider audience. Publishing the report makes it a
    draft ``atlas.LessonPage`` (source "schouw"); ``for_kompas`` marks the systeem-lessons the kompas
    takes up."""

    class Kind(models.TextChoices):
        CONTENT = "inhoudelijk", _("About the content")
        COLLABORATION = "samenwerking", _("About working together")
        SYSTEM = "systeem", _("About the system")

    schouw = models.ForeignKey(
        Schouw, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("schouw")
    )
    title = models.CharField(_("lesson"), max_length=200)
    text = models.TextField(_("explanation"), max_length=4000)
    kind = models.CharField(_("kind of lesson"), max_length=20, choices=Kind.choices)
    is_success = models.BooleanField(_("success"), default=False)
    for_kompas = models.BooleanField(_("for the kompas"), default=False, editable=False)
    page = models.ForeignKey(
        "atlas.LessonPage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("lesson of a schouw")
        verbose_name_plural = _("lessons of schouwen")

    def __str__(self):
        return self.title


class NoSchouwReason(models.Model):
    """Why a deal is finished without a published schouw report, recorded by its trekker and shown
    publicly on the deal page: the only other way past the step guard on "afgerond"."""

    deal = models.OneToOneField(Deal, on_delete=models.CASCADE, related_name="no_schouw_reason")
    reason = models.TextField(_("why there was no schouw"), max_length=4000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reason for no schouw")
        verbose_name_plural = _("reasons for no schouw")

    def __str__(self):
        return self.reason[:80]
