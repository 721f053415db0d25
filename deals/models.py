"""Zorg- en welzijnsdeals (Kwadrant 1): a shared goal, partners that each state their own inbreng,
the five steps of the report as a lifecycle, and a public register.

Writes go through ``deals.services``; reads through ``deals.selectors``."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from reisgids.models import Area, Instrument, Neighbourhood, Organisation, Theme
from reisgids.statemachine import StateMachine, Transition


class Level(models.TextChoices):
    LOW = "laag", _("Low")
    MEDIUM = "middel", _("Medium")
    HIGH = "hoog", _("High")


class KickoffMoment(models.Model):
    """A fixed moment in the year that celebrates all deals closed since the previous one."""

    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("kick-off moment")
        verbose_name_plural = _("kick-off moments")

    def __str__(self):
        return self.title


class Deal(index.Indexed, models.Model):
    class Status(models.TextChoices):
        EXPLORING = "verkennen", _("Exploring: looking for partners")
        IDEA = "idee", _("Developing the idea")
        TESTING = "toetsen", _("Testing and risk analysis")
        PLANNING = "plannen", _("Planning: concept deal")
        CLOSED = "gesloten", _("Closed")
        KICKOFF = "kickoff", _("Kick-off held")
        RUNNING = "uitvoering", _("In progress")
        FINISHED = "afgerond", _("Finished")
        STOPPED = "gestopt", _("Stopped")

    # Shown in the public register; the others only when published as "in de maak".
    PUBLIC_STATUSES = (Status.CLOSED, Status.KICKOFF, Status.RUNNING, Status.FINISHED)
    MAKING_STATUSES = (Status.EXPLORING, Status.IDEA)
    OPEN_STATUSES = (Status.EXPLORING, Status.IDEA, Status.TESTING, Status.PLANNING)

    class TestMethod(models.TextChoices):
        ROLEPLAY = "rollenspel", _("Role play")
        EXPERTS = "expertsessie", _("Expert session")
        TARGET_GROUP = "doelgroep", _("Presented to the target group or stakeholders")
        OTHER = "anders", _("Another way")

    class Financing(models.TextChoices):
        NONE = "geen", _("No money involved")
        SUBSIDY = "subsidie", _("Subsidy")
        DONATION = "donatie", _("Donation")
        SUBCONTRACTING = "onderaannemerschap", _("Subcontracting")
        SMALL_ASSIGNMENT = "opdracht", _("Small-scale assignment")
        MIX = "mix", _("A mix of these")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    goal = models.TextField(_("shared goal"), help_text=_("What do the partners want to achieve together?"))
    idea = models.TextField(_("innovative idea"), blank=True, help_text=_("How will you reach the goal?"))
    themes = models.ManyToManyField(Theme, blank=True, related_name="deals", verbose_name=_("themes"))
    areas = models.ManyToManyField(Area, blank=True, related_name="deals", verbose_name=_("areas"))
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, blank=True, related_name="deals", verbose_name=_("neighbourhoods")
    )
    feasibility = models.TextField(_("feasibility"), blank=True)
    scalability = models.TextField(
        _("scalability"), blank=True, help_text=_("Could this work in other neighbourhoods, and how?")
    )
    # Collaboration structure
    coordination = models.TextField(
        _("who leads and coordinates"), blank=True, help_text=_("The trekker and who does the coordination.")
    )
    decision_making = models.TextField(_("how decisions are taken"), blank=True)
    meeting_rhythm = models.CharField(_("meeting rhythm"), max_length=200, blank=True)
    internal_communication = models.TextField(_("how each partner informs its own organisation"), blank=True)
    # Process agreements and the schouw
    process_agreements = models.TextField(_("process agreements"), blank=True)
    schouw_frequency = models.CharField(_("how often the schouw takes place"), max_length=200, blank=True)
    schouw_setting = models.TextField(_("setting of the schouw"), blank=True)
    schouw_peers = models.TextField(_("candidate external peers"), blank=True)
    schouw_reporter = models.CharField(_("who reports on the schouw"), max_length=200, blank=True)
    # Timeline
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    # Financing
    financing = models.CharField(
        _("financing"), max_length=20, choices=Financing.choices, default=Financing.NONE
    )
    financing_notes = models.TextField(_("financing explained"), blank=True)
    instruments = models.ManyToManyField(
        Instrument, blank=True, related_name="deals", verbose_name=_("policy instruments used")
    )
    # Kick-off
    kickoff_at = models.DateTimeField(_("kick-off date and time"), null=True, blank=True)
    kickoff_place = models.CharField(_("kick-off place"), max_length=200, blank=True)
    kickoff_description = models.TextField(_("about the kick-off"), blank=True)
    kickoff_moment = models.ForeignKey(
        KickoffMoment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deals",
        verbose_name=_("shared kick-off moment"),
    )
    # Lifecycle
    status = models.CharField(_("step"), max_length=20, choices=Status.choices, default=Status.EXPLORING)
    test_method = models.CharField(
        _("how the idea is tested"), max_length=20, choices=TestMethod.choices, blank=True
    )
    test_findings = models.TextField(_("findings of the test"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    stop_reason = models.TextField(_("why the deal stopped"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Forming early: "deal in de maak — zoekt partners"
    seeking_partners = models.BooleanField(_("published as a deal in the making"), default=False)
    seeking_partner_kinds = models.JSONField(_("kinds of partner wanted"), default=list, blank=True)
    seeking_contribution_kinds = models.JSONField(_("kinds of input wanted"), default=list, blank=True)
    seeking_text = models.TextField(_("what we are looking for"), blank=True)
    # Private to the partners
    internal_notes = models.TextField(_("internal notes"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    is_demo = models.BooleanField(_("demo content"), default=False, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The site-wide search (/zoeken/) shows public deals only; private fields are never indexed.
    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("goal", boost=2),
        index.SearchField("idea"),
        index.FilterField("status"),
        index.FilterField("seeking_partners"),
    ]

    class Meta:
        ordering = ["-closed_at", "-created_at"]
        verbose_name = _("deal")
        verbose_name_plural = _("deals")
        indexes = [
            models.Index(fields=["status", "-closed_at"]),
            # The register's order (deals.selectors): a text filter that most deals match walks this
            # index and stops at the page's last deal instead of sorting every match.
            models.Index(fields=["-closed_at", "-id"], name="deal_register_order"),
            models.Index(fields=["seeking_partners", "status"]),
            models.Index(fields=["kickoff_at"]),
            # The open data's last change of the register (the API's Last-Modified, the catalogue):
            # the newest public deal from the end of this index instead of reading every deal.
            models.Index(fields=["updated_at"], name="deal_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="deal_end_after_start",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("deals:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        return self.status in self.PUBLIC_STATUSES or (
            self.seeking_partners and self.status in self.MAKING_STATUSES
        )

    @property
    def in_the_making(self):
        return self.status in self.MAKING_STATUSES and self.seeking_partners


S = Deal.Status

# The five steps of the report, and stopping: the only ways a deal's step changes. The services
# apply them (deals.services._step), the deal page offers the ones available as buttons, each on
# its own page at /deals/<slug>/stap/<slug of the transition>/.
DEAL_STEPS = StateMachine(
    model=Deal,
    field="status",
    refused=_("A deal in the step “%(current)s” cannot move to “%(next)s”."),
    transitions=[
        Transition(
            name="idea",
            sources=(S.EXPLORING,),
            target=S.IDEA,
            label=_("Move to: developing the idea"),
            slug="idee",
            action="deals.deal.idea",
            audit_label=_("Move deal to idea"),
            audit_message=_("Moved to the step: developing the idea"),
        ),
        Transition(
            name="test",
            sources=(S.IDEA,),
            target=S.TESTING,
            label=_("Move to: testing and risk analysis"),
            slug="toetsen",
            action="deals.deal.test",
            audit_label=_("Move deal to testing"),
            audit_message=_("Moved to the step: testing and risk analysis"),
        ),
        Transition(
            name="plan",
            sources=(S.IDEA, S.TESTING),
            target=S.PLANNING,
            label=_("Move to: planning (concept deal)"),
            slug="plannen",
            action="deals.deal.plan",
            audit_label=_("Move deal to planning"),
            audit_message=_("Moved to the step: planning (concept deal)"),
        ),
        Transition(
            name="close",
            sources=(S.PLANNING,),
            target=S.CLOSED,
            label=_("Close the deal"),
            slug="sluiten",
            action="deals.deal.close",
            audit_label=_("Close deal"),
            audit_message=_("Deal closed"),
        ),
        Transition(
            name="kickoff",
            sources=(S.CLOSED,),
            target=S.KICKOFF,
            label=_("The kick-off was held"),
            slug="kickoff",
            action="deals.deal.kickoff",
            audit_label=_("Record kick-off"),
            audit_message=_("Kick-off held"),
        ),
        Transition(
            name="run",
            sources=(S.CLOSED, S.KICKOFF),
            target=S.RUNNING,
            label=_("Start carrying out the deal"),
            slug="uitvoering",
            action="deals.deal.run",
            audit_label=_("Start carrying out deal"),
            audit_message=_("Deal in progress"),
        ),
        Transition(
            name="finish",
            sources=(S.RUNNING,),
            target=S.FINISHED,
            label=_("Finish the deal"),
            slug="afronden",
            action="deals.deal.finish",
            audit_label=_("Finish deal"),
            audit_message=_("Deal finished"),
        ),
        Transition(
            name="stop",
            sources=(S.EXPLORING, S.IDEA, S.TESTING, S.PLANNING, S.CLOSED, S.KICKOFF, S.RUNNING),
            target=S.STOPPED,
            label=_("Stop the deal"),
            slug="stoppen",
            action="deals.deal.stop",
            audit_label=_("Stop deal"),
            audit_message=_("Deal stopped"),
        ),
    ],
)


class ExpectedResult(models.Model):
    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="results", verbose_name=_("deal"))
    description = models.TextField(_("expected result"))
    indicator = models.CharField(
        _("how it is measured or described"),
        max_length=300,
        blank=True,
        help_text=_("For example: 40 caregivers reached, or a description of the change."),
    )
    target = models.CharField(_("target"), max_length=100, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("expected result")
        verbose_name_plural = _("expected results")

    def __str__(self):
        return self.description[:80]


class Risk(models.Model):
    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="risks", verbose_name=_("deal"))
    description = models.TextField(_("risk"))
    likelihood = models.CharField(_("likelihood"), max_length=10, choices=Level.choices, default=Level.MEDIUM)
    impact = models.CharField(_("impact"), max_length=10, choices=Level.choices, default=Level.MEDIUM)
    mitigation = models.TextField(_("mitigation"), blank=True)
    owner = models.CharField(_("owner"), max_length=200, blank=True, help_text=_("Who keeps an eye on it."))

    class Meta:
        ordering = ["id"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")

    def __str__(self):
        return self.description[:80]


class Milestone(models.Model):
    deal = models.ForeignKey(
        Deal, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("deal")
    )
    title = models.CharField(_("milestone"), max_length=200)
    due_date = models.DateField(_("date"))

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title


class DealPartner(models.Model):
    class Role(models.TextChoices):
        TREKKER = "trekker", _("Lead partner (trekker)")
        PARTNER = "partner", _("Partner")
        FACILITATOR = "facilitator", _("Facilitator")

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested by the network manager")
        REQUESTED = "requested", _("Asked to join")
        INVITED = "invited", _("Invited")
        ACCEPTED = "accepted", _("Taking part")
        DECLINED = "declined", _("Not taking part")
        WITHDRAWN = "withdrawn", _("Invitation withdrawn")
        LAPSED = "lapsed", _("Invitation lapsed")

    # An answer or invitation that ended: the organisation is no longer involved and can be asked again.
    ENDED_STATUSES = (Status.DECLINED, Status.WITHDRAWN, Status.LAPSED)

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="partners", verbose_name=_("deal"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="deal_partnerships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTNER)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.INVITED)
    message = models.TextField(_("message"), blank=True, max_length=2000)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited or suggested by"),
    )
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    # Who answers the invitation for an organisation without a beheerder or aanspreekpunt among its
    # members: a member a network manager assigns (see deals.selectors.invitation_responder_ids).
    responder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answers the invitation"),
    )
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("input confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("input confirmed by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("deal partner")
        verbose_name_plural = _("deal partners")
        constraints = [
            models.UniqueConstraint(fields=["deal", "organisation"], name="unique_deal_partner"),
            models.UniqueConstraint(
                fields=["deal"], condition=models.Q(role="trekker"), name="one_trekker_per_deal"
            ),
        ]
        indexes = [
            models.Index(
                fields=["invited_at"],
                condition=models.Q(status="invited"),
                name="dealpartner_open_invitations",
            )
        ]

    def __str__(self):
        return f"{self.organisation} – {self.deal}"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    @property
    def is_ended(self):
        return self.status in self.ENDED_STATUSES


P = DealPartner.Status
ANSWERED = _("This invitation has already been answered.")
NOTHING_TO_DECIDE = _("There is nothing to decide for this organisation.")

# How a partner's place in a deal changes once it is proposed (invited, asked to join or suggested:
# see deals.services._propose_partner). Each is applied by one service in deals.services.
PARTNER_STATES = StateMachine(
    model=DealPartner,
    field="status",
    transitions=[
        Transition(
            name="accept",
            sources=(P.INVITED,),
            target=P.ACCEPTED,
            refused=ANSWERED,
            action="deals.partner.accept",
            audit_label=_("Accept deal invitation"),
            audit_message=_("Invitation accepted"),
        ),
        Transition(
            name="decline",
            sources=(P.INVITED,),
            target=P.DECLINED,
            refused=ANSWERED,
            action="deals.partner.decline",
            audit_label=_("Decline deal invitation"),
            audit_message=_("Invitation declined"),
        ),
        Transition(
            name="withdraw",
            sources=(P.INVITED,),
            target=P.WITHDRAWN,
            refused=_("Only an invitation that has not been answered yet can be withdrawn."),
            action="deals.partner.withdraw",
            audit_label=_("Withdraw deal invitation"),
            audit_message=_("Invitation withdrawn"),
        ),
        Transition(
            name="lapse",
            sources=(P.INVITED,),
            target=P.LAPSED,
            action="deals.partner.lapse",
            audit_label=_("Let deal invitation lapse"),
            audit_message=_("Invitation lapsed, not answered in time"),
        ),
        Transition(
            name="request_accept",
            sources=(P.REQUESTED,),
            target=P.ACCEPTED,
            refused=NOTHING_TO_DECIDE,
            action="deals.partner.request_accept",
            audit_label=_("Accept request to join deal"),
            audit_message=_("Request to join accepted"),
        ),
        Transition(
            name="request_refuse",
            sources=(P.REQUESTED,),
            target=P.DECLINED,
            refused=NOTHING_TO_DECIDE,
            action="deals.partner.request_refuse",
            audit_label=_("Refuse request to join deal"),
            audit_message=_("Request to join refused"),
        ),
        Transition(
            name="suggest_accept",
            sources=(P.SUGGESTED,),
            target=P.INVITED,
            refused=NOTHING_TO_DECIDE,
            action="deals.partner.suggest_accept",
            audit_label=_("Agree to suggested partner"),
            audit_message=_("Suggested partner invited"),
        ),
        Transition(
            name="suggest_refuse",
            sources=(P.SUGGESTED,),
            target=P.DECLINED,
            refused=NOTHING_TO_DECIDE,
            action="deals.partner.suggest_refuse",
            audit_label=_("Refuse suggested partner"),
            audit_message=_("Suggested partner not invited"),
        ),
    ],
)


class Contribution(models.Model):
    class Kind(models.TextChoices):
        MONEY = "geld", _("Money")
        KNOWLEDGE = "kennis", _("Knowledge and expertise")
        NETWORK = "netwerk", _("Network")
        PEOPLE = "menskracht", _("People and hours")
        SPACE = "ruimte", _("Space and facilities")
        LEEWAY = "regelruimte", _("Room in the rules, tailor-made solutions")
        OTHER = "overig", _("Other")

    partner = models.ForeignKey(
        DealPartner, on_delete=models.CASCADE, related_name="contributions", verbose_name=_("partner")
    )
    kind = models.CharField(_("kind of input"), max_length=20, choices=Kind.choices)
    amount_eur = models.DecimalField(
        _("amount in euros"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    hours = models.PositiveIntegerField(_("hours"), null=True, blank=True)
    description = models.TextField(_("description"))
    expectations = models.TextField(_("what we expect from the other partners"), blank=True)
    # Raised by every change, so two members editing the same input at once cannot overwrite each other.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_eur__isnull=True) | models.Q(amount_eur__gte=0),
                name="contribution_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="geld") | models.Q(amount_eur__isnull=True),
                name="contribution_amount_only_for_money",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="menskracht") | models.Q(hours__isnull=True),
                name="contribution_hours_only_for_people",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description[:60]}"


class DealEvent(models.Model):
    """One line of the deal's timeline: who did what, when. Visible to the partners."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="events", verbose_name=_("deal"))
    action = models.CharField(_("action"), max_length=60)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    detail = models.TextField(_("detail"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("deal event")
        verbose_name_plural = _("deal events")

    def __str__(self):
        return f"{self.action} ({self.created_at:%Y-%m-%d})"

    @property
    def label(self):
        from reisgids.audit import ACTIONS

        return ACTIONS.get(self.action, (self.action, self.action))[1]
