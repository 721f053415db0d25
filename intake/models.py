"""The Right to Cooperate intake ("ik heb een idee voor samenwerking"): one digital entrance (/idee/),
triage by the initiatieventeam, three outcomes (a warm hand-over to an aanspreekpunt, "not a municipal
matter", or Right to Cooperate / Challenge with a contactpersoon and a first meeting), a joint
aanpakplan with Zutphen's initiatiefplan elements, advice, a second opinion, a decision by whoever the
amount says, the agreed level of influence and challenges of it, escalations to the procesbegeleider,
and one click to a deal.

Writes go through ``intake.services``; reads through ``intake.selectors``. The steps are declared once
in INTAKE_STEPS."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reisgids.models import Area, ContactPoint, Neighbourhood, Organisation, Theme
from reisgids.statemachine import StateMachine, Transition

# Zutphen's initiatiefplan: the elements of the aanpakplan, in the guide's order (field, label, help).
PLAN_ELEMENTS = (
    ("plan_task", _("The task"), _("What do you want to take on, and what is the result?")),
    (
        "plan_people",
        _("Who is involved and how support is organised"),
        _("Who takes part, who supports it in the neighbourhood, and how you know."),
    ),
    ("plan_better", _("Why it is better or cheaper"), _("Why does your approach do better or cost less?")),
    (
        "plan_commitment",
        _("Commitment, knowledge and experience"),
        _("What do you bring: people, knowledge, experience, a track record."),
    ),
    ("plan_costs", _("Costs"), _("What it costs and what you ask of the municipality.")),
    (
        "plan_cooperation",
        _("How to work with the municipality"),
        _("Which agreements you want with the municipality and its officials."),
    ),
    ("plan_quality", _("Quality and continuity"), _("How quality is kept and the work continues.")),
    ("plan_monitoring", _("Monitoring"), _("How you and the municipality see that it works.")),
)
PLAN_FIELDS = tuple(name for name, _label, _help in PLAN_ELEMENTS)


class Influence(models.TextChoices):
    """The Samenspraakwijzer's levels of influence."""

    INFORM = "informeren", _("Informing")
    CONSULT = "raadplegen", _("Consulting")
    ADVISE = "adviseren", _("Advising")
    COPRODUCE = "coproduceren", _("Co-producing (co-creation)")
    SELF = "zelf-doen", _("Doing it yourself")


class DecisionMaker(models.TextChoices):
    TEAM_LEAD = "teamleider", _("The team lead, with the residents")
    WETHOUDER = "wethouder", _("The wethouder")
    COLLEGE = "college", _("The college of mayor and aldermen")
    COUNCIL = "gemeenteraad", _("The municipal council")


class Intake(models.Model):
    class Status(models.TextChoices):
        UNVERIFIED = "onbevestigd", _("Waiting for email confirmation")
        TRIAGE = "triage", _("With the initiative team")
        HANDED_OVER = "overgedragen", _("Handed over to a contact person")
        TAKEN_ON = "opgepakt", _("Taken on by the contact person")
        NOT_MUNICIPAL = "geen-gemeentezaak", _("Answered: not a municipal matter")
        CONTACT_ASSIGNED = "contactpersoon", _("Contact person assigned")
        PLAN = "aanpakplan", _("Writing the plan of approach")
        ADVICE = "advies", _("With the advisory platform")
        ADVISED = "geadviseerd", _("Advice shared with the initiators")
        SECOND_OPINION = "second-opinion", _("With the second-opinion team")
        DECISION = "besluit", _("With the decision-maker")
        APPROVED = "akkoord", _("Approved")
        REFUSED = "afgewezen", _("Refused")
        DEAL = "deal", _("Became a deal")

    class Route(models.TextChoices):
        COOPERATE = "cooperate", _("Right to Cooperate")
        CHALLENGE = "challenge", _("Right to Challenge")

    # Steps that end the route; the others are counted for "overdue".
    ENDED = (Status.NOT_MUNICIPAL, Status.REFUSED, Status.DEAL)
    # The initiator may turn a plan into a deal from these.
    CONVERTIBLE = (Status.TAKEN_ON, Status.APPROVED)

    initiator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="intakes",
        verbose_name=_("initiator"),
    )
    email = models.EmailField(_("email address"), help_text=_("Where the initiator hears about the idea."))
    name = models.CharField(_("name"), max_length=150)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="intakes",
        verbose_name=_("on behalf of"),
    )
    title = models.CharField(_("title"), max_length=200)
    what = models.TextField(_("the idea"))
    for_whom = models.TextField(_("for whom"))
    where = models.CharField(_("where"), max_length=200, blank=True)
    area = models.ForeignKey(Area, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("area"))
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("neighbourhood")
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("theme")
    )
    needs = models.TextField(_("what it needs"))
    brings = models.TextField(_("what it brings"))

    status = models.CharField(_("step"), max_length=20, choices=Status.choices, default=Status.UNVERIFIED)
    status_since = models.DateTimeField(_("in this step since"), auto_now_add=True)
    due_on = models.DateField(_("answer due on"), null=True, blank=True)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="held_intakes",
        verbose_name=_("held by"),
    )
    holder_role = models.CharField(_("held by (role)"), max_length=100, blank=True)

    # Outcome (a): the warm hand-over.
    contact_point = models.ForeignKey(
        ContactPoint,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="intakes",
        verbose_name=_("contact person"),
    )
    handover_note = models.TextField(_("note for the contact person"), blank=True)
    # Outcome (b): not a municipal matter.
    answer_reasons = models.TextField(_("reasons"), blank=True)
    answer_pointers = models.TextField(_("where to go instead"), blank=True)
    # Outcome (c): Right to Cooperate / Challenge.
    route = models.CharField(_("route"), max_length=10, choices=Route.choices, blank=True)
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="intakes_as_contact",
        verbose_name=_("contact person (vakambtenaar)"),
    )
    process_guide = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="intakes_as_guide",
        verbose_name=_("process guide"),
    )
    influence = models.CharField(
        _("level of influence"), max_length=20, choices=Influence.choices, blank=True
    )

    # The aanpakplan (Zutphen's initiatiefplan).
    plan_task = models.TextField(_("the task"), blank=True)
    plan_people = models.TextField(_("who is involved"), blank=True)
    plan_better = models.TextField(_("why better or cheaper"), blank=True)
    plan_commitment = models.TextField(_("commitment, knowledge and experience"), blank=True)
    plan_costs = models.TextField(_("costs"), blank=True)
    plan_cooperation = models.TextField(_("how to work with the municipality"), blank=True)
    plan_quality = models.TextField(_("quality and continuity"), blank=True)
    plan_monitoring = models.TextField(_("monitoring"), blank=True)
    amount_eur = models.DecimalField(
        _("amount asked (euro)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    budget_change = models.BooleanField(_("needs a budget change"), default=False)
    plan_help_listing_id = models.PositiveBigIntegerField(
        _("marktplaats request for help"), null=True, blank=True
    )

    # Advice, the initiators' answer, decision.
    initiators_agree = models.BooleanField(_("initiators agree with the advice"), null=True)
    disagreement = models.TextField(_("why the initiators disagree"), blank=True)
    decision_maker = models.CharField(
        _("decided by"), max_length=20, choices=DecisionMaker.choices, blank=True
    )
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)

    deal_slug = models.SlugField(_("deal"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False, editable=False)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"]), models.Index(fields=["-created_at"])]
        verbose_name = _("idea (intake)")
        verbose_name_plural = _("ideas (intake)")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("intake:detail", args=[self.pk])

    @property
    def is_ended(self):
        return self.status in self.ENDED


class CoInitiator(models.Model):
    """A named co-initiator the initiators invited by email: someone outside the organisation the idea
    was sent on behalf of (its members are co-initiators already). Once they accept the invitation,
    signed in with that address (``user``, ``accepted_at``), they are an initiator like the others:
    ``intake.services.is_initiator`` and ``intake.selectors`` ask this table (accepted rows only).
    The life of an invitation is CO_INITIATOR_STEPS: invited, then accepted or withdrawn; an accepted
    co-initiator is removed by the initiators or leaves. An ended row stays, for the history."""

    class Status(models.TextChoices):
        INVITED = "uitgenodigd", _("Invited")
        ACCEPTED = "geaccepteerd", _("Accepted")
        WITHDRAWN = "ingetrokken", _("Invitation withdrawn")
        REMOVED = "verwijderd", _("Removed by the initiators")
        LEFT = "vertrokken", _("Left the idea")

    ACTIVE = (Status.INVITED, Status.ACCEPTED)

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="co_initiators")
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="intake_co_initiations",
        verbose_name=_("account"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.INVITED)
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("withdrawn or ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn or ended by"),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # one open invitation or co-initiator per address; a withdrawn one may be invited again
            models.UniqueConstraint(
                fields=["intake", "email"],
                condition=models.Q(status__in=["uitgenodigd", "geaccepteerd"]),
                name="one_invitation_per_address",
            ),
        ]
        verbose_name = _("co-initiator")
        verbose_name_plural = _("co-initiators")

    def __str__(self):
        return f"{self.intake_id}: {self.name}"

    @property
    def is_active(self):
        return self.status in self.ACTIVE


class StepPeriod(models.Model):
    """The time an intake spent in one step: opened when it enters, closed when it leaves."""

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="periods")
    status = models.CharField(_("step"), max_length=20, choices=Intake.Status.choices)
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        ordering = ["started_at", "pk"]
        indexes = [models.Index(fields=["status", "ended_at"])]
        verbose_name = _("time in a step")
        verbose_name_plural = _("times in a step")

    def __str__(self):
        return f"{self.intake_id}: {self.status}"


class StepFigure(models.Model):
    """The anonymised figures of one step, as ``/idee/`` and the open data ``intake-steps`` show them:
    how many ideas are in it now, how many were ever in it, and the median time spent in it by the
    ideas that left it. Kept by the service that moves an idea from step to step (``intake.figures``,
    in the transaction of the move), so a reader reads a dozen rows whatever the number of ideas.
    No row for the email confirmation: those ideas are not counted."""

    status = models.CharField(_("step"), max_length=20, choices=Intake.Status.choices, unique=True)
    ideas_now = models.PositiveIntegerField(_("ideas in this step now"), default=0)
    ideas_total = models.PositiveIntegerField(_("ideas that were in this step"), default=0)
    median = models.DurationField(_("median time in this step"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["status"]
        verbose_name = _("figures of a step")
        verbose_name_plural = _("figures of the steps")

    def __str__(self):
        return f"{self.status}: {self.ideas_now}/{self.ideas_total}"


class OverdueReminder(models.Model):
    """The one reminder about a step that went past its due date: unique per step (its StepPeriod),
    written in the transaction that tells the holder, so a beat task that runs twice, a retry or a
    task run again after its worker died sends nothing more. A later step has a reminder of its own."""

    period = models.OneToOneField(StepPeriod, on_delete=models.CASCADE, related_name="overdue_reminder")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("overdue reminder")
        verbose_name_plural = _("overdue reminders")

    def __str__(self):
        return f"{self.period_id}"


class Meeting(models.Model):
    """The first meeting of the initiators with the relevant ambtenaren (iCal invitation)."""

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("date and time"))
    ends_at = models.DateTimeField(_("until"))
    place = models.CharField(_("place"), max_length=200)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="intake_meetings", verbose_name=_("officials")
    )
    note = models.TextField(_("agenda"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return f"{self.intake_id}: {self.starts_at:%Y-%m-%d %H:%M}"


class Advice(models.Model):
    class Kind(models.TextChoices):
        ADVICE = "advies", _("Advice of the advisory platform")
        SECOND_OPINION = "second-opinion", _("Second opinion")

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="advices")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    recommend = models.BooleanField(_("recommends approval"))
    text = models.TextField(_("advice"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("advice")
        verbose_name_plural = _("advices")

    def __str__(self):
        return f"{self.intake_id}: {self.get_kind_display()}"


class Request(models.Model):
    """What the initiators raise beside the steps: an escalation to the procesbegeleider ("we feel
    unheard") or a challenge of the agreed level of influence. Handled like a concern: recorded, due
    within INTAKE_REQUEST_WORKING_DAYS working days, open until answered (REQUEST_STEPS), flagged
    overdue, and whoever answers it is reminded once a week while it is overdue (RequestReminder).
    Answered by the procesbegeleider; before one is attached by the contact person, else the team."""

    class Kind(models.TextChoices):
        ESCALATION = "escalatie", _("Escalation to the process guide")
        INFLUENCE = "invloed", _("Challenge of the level of influence")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "beantwoord", _("Answered")

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="requests")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    text = models.TextField(_("what you ask"))
    proposed_influence = models.CharField(
        _("level of influence asked for"), max_length=20, choices=Influence.choices, blank=True
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    due_on = models.DateField(_("answer due on"), null=True, blank=True)
    created_at = models.DateTimeField(_("raised at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "due_on"])]
        verbose_name = _("request of the initiators")
        verbose_name_plural = _("requests of the initiators")

    def __str__(self):
        return f"{self.intake_id}: {self.get_kind_display()}"

    def is_overdue(self, today=None):
        return bool(
            self.status == self.Status.OPEN and self.due_on and self.due_on < (today or timezone.localdate())
        )

    @property
    def overdue(self):
        return self.is_overdue()


class RequestReminder(models.Model):
    """The one reminder about an overdue request in one week (``week``: its Monday): unique, written
    in the transaction that tells whoever answers it, so a second run or a retry sends nothing more."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="reminders")
    week = models.DateField(_("week"))
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "week"], name="one_request_reminder_a_week")
        ]
        verbose_name = _("request reminder")
        verbose_name_plural = _("request reminders")

    def __str__(self):
        return f"{self.request_id}: {self.week}"


# The life of a request: open until answered (intake.services.request_answer applies it).
REQUEST_STEPS = StateMachine(
    model=Request,
    field="status",
    transitions=[
        Transition(
            name="answer",
            sources=(Request.Status.OPEN,),
            target=Request.Status.ANSWERED,
            action="intake.request.answer",
            audit_label=_("Answer request"),
            audit_message=_("Request answered"),
            refused=_("This request has been answered already."),
        )
    ],
)


# The life of an invitation of a co-initiator (intake.services applies it).
CO_INITIATOR_STEPS = StateMachine(
    model=CoInitiator,
    field="status",
    transitions=[
        Transition(
            name="accept",
            sources=(CoInitiator.Status.INVITED,),
            target=CoInitiator.Status.ACCEPTED,
            action="intake.coinitiator.accept",
            audit_label=_("Accept co-initiator invitation"),
            audit_message=_("Co-initiator joined"),
            refused=_("This invitation has been withdrawn or no longer applies."),
        ),
        Transition(
            name="withdraw",
            sources=(CoInitiator.Status.INVITED,),
            target=CoInitiator.Status.WITHDRAWN,
            action="intake.coinitiator.withdraw",
            audit_label=_("Withdraw co-initiator invitation"),
            audit_message=_("Invitation of a co-initiator withdrawn"),
            refused=_("Only an invitation that has not been accepted yet can be withdrawn."),
        ),
        Transition(
            name="remove",
            sources=(CoInitiator.Status.ACCEPTED,),
            target=CoInitiator.Status.REMOVED,
            action="intake.coinitiator.remove",
            audit_label=_("Remove co-initiator"),
            audit_message=_("Co-initiator removed"),
            refused=_("Only a co-initiator who accepted the invitation can be removed."),
        ),
        Transition(
            name="leave",
            sources=(CoInitiator.Status.ACCEPTED,),
            target=CoInitiator.Status.LEFT,
            action="intake.coinitiator.leave",
            audit_label=_("Leave as co-initiator"),
            audit_message=_("Co-initiator left the idea"),
            refused=_("You are not a co-initiator of this idea (any more)."),
        ),
    ],
)


S = Intake.Status


def _t(name, sources, target, label, audit_label, audit_message, slug=""):
    return Transition(
        name=name,
        sources=sources,
        target=target,
        label=label,
        slug=slug,
        action=f"intake.intake.{name}",
        audit_label=audit_label,
        audit_message=audit_message,
    )


# The steps of the intake: the only ways its status changes (intake.services._step applies them).
INTAKE_STEPS = StateMachine(
    model=Intake,
    field="status",
    refused=_("An idea in the step “%(current)s” cannot move to “%(next)s”."),
    transitions=[
        _t("confirm", (S.UNVERIFIED,), S.TRIAGE, "", _("Confirm idea"), _("Email confirmed; idea submitted")),
        _t(
            "hand_over",
            (S.TRIAGE,),
            S.HANDED_OVER,
            _("Hand over to a contact person"),
            _("Hand over idea"),
            _("Handed over to a contact person"),
            slug="overdragen",
        ),
        _t(
            "take_on",
            (S.HANDED_OVER,),
            S.TAKEN_ON,
            _("Take on this idea"),
            _("Take on idea"),
            _("Taken on by the contact person"),
            slug="oppakken",
        ),
        _t(
            "pass_on",
            (S.HANDED_OVER,),
            S.TRIAGE,
            _("Pass on, with a reason"),
            _("Pass idea on"),
            _("Passed back to the initiative team"),
            slug="doorgeven",
        ),
        _t(
            "not_municipal",
            (S.TRIAGE,),
            S.NOT_MUNICIPAL,
            _("Answer: not a municipal matter"),
            _("Answer idea as not municipal"),
            _("Answered as not a municipal matter"),
            slug="geen-gemeentezaak",
        ),
        _t(
            "assign_contact",
            (S.TRIAGE,),
            S.CONTACT_ASSIGNED,
            _("Right to Cooperate or Challenge: assign a contact person"),
            _("Assign contact person"),
            _("Right to Cooperate/Challenge: contact person assigned"),
            slug="contactpersoon",
        ),
        _t(
            "plan_meeting",
            (S.CONTACT_ASSIGNED,),
            S.PLAN,
            _("Plan the first meeting"),
            _("Plan first meeting"),
            _("First meeting planned; writing the plan"),
            slug="afspraak",
        ),
        _t(
            "submit_plan",
            (S.PLAN,),
            S.ADVICE,
            _("Send the plan for advice"),
            _("Send plan for advice"),
            _("Plan sent to the advisory platform"),
            slug="ter-advies",
        ),
        _t(
            "advise",
            (S.ADVICE,),
            S.ADVISED,
            _("Write the advice"),
            _("Advise on plan"),
            _("Advice written and shared with the initiators"),
            slug="advies",
        ),
        _t(
            "agree",
            (S.ADVISED,),
            S.DECISION,
            _("We agree with the advice"),
            _("Agree with advice"),
            _("Initiators agree with the advice"),
            slug="eens",
        ),
        _t(
            "disagree",
            (S.ADVISED,),
            S.SECOND_OPINION,
            _("We disagree: ask for a second opinion"),
            _("Disagree with advice"),
            _("Initiators disagree; second opinion asked"),
            slug="oneens",
        ),
        _t(
            "second_opinion",
            (S.SECOND_OPINION,),
            S.DECISION,
            _("Write the second opinion"),
            _("Give second opinion"),
            _("Second opinion written"),
            slug="second-opinion",
        ),
        _t(
            "approve",
            (S.DECISION,),
            S.APPROVED,
            _("Decide: approve"),
            _("Approve plan"),
            _("Decision: approved"),
            slug="akkoord",
        ),
        _t(
            "refuse",
            (S.DECISION,),
            S.REFUSED,
            _("Decide: refuse"),
            _("Refuse plan"),
            _("Decision: refused"),
            slug="afwijzen",
        ),
        _t(
            "to_deal",
            Intake.CONVERTIBLE,
            S.DEAL,
            _("Turn into a deal"),
            _("Turn idea into deal"),
            _("Turned into a deal"),
            slug="deal",
        ),
    ],
)
