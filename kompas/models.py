"""Het kompas (Kwadrant 4): lessons become proposals for system change, a body (gremium) decides,
everyone hears back, adopted measures are monitored, and each period ends with priorities for the
next round of deals and the kompas report.

One state machine: ``PROPOSAL_STEPS`` (concept → open for support → on the agenda → a decision:
aangenomen, aangepast aangenomen, aangehouden, afgewezen). A held proposal can go on an agenda again.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reisgids import audit
from reisgids.comments import CommentBase, CommentReportBase
from reisgids.statemachine import StateMachine, Transition


class Gremium(models.Model):
    """A body that decides on proposals: directie, college van B&W, raadscommissie … (editable in
    /beheer/)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def __str__(self):
        return self.name


class Period(models.Model):
    """A kompas period (by default half a year): its lessons, proposals and decisions are reported
    at its end, and it ends with priorities for the next round of deals."""

    slug = models.SlugField(_("slug"), max_length=20, unique=True)  # e.g. 2026-1
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), help_text=_("The first day after the period."))

    class Meta:
        ordering = ["-start"]
        verbose_name = _("kompas period")
        verbose_name_plural = _("kompas periods")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="period_ends_after_start")
        ]

    def __str__(self):
        last = self.end - datetime.timedelta(days=1)
        return f"{self.start:%-d-%-m-%Y} – {last:%-d-%-m-%Y}"

    def get_absolute_url(self):
        return reverse("kompas:report", kwargs={"slug": self.slug})

    @property
    def last_day(self):
        return self.end - datetime.timedelta(days=1)


class Proposal(models.Model):
    class Kind(models.TextChoices):
        PROCUREMENT = "inkoopregels", _("Procurement rules")
        SUBSIDY = "subsidie", _("Subsidy options")
        POLICY = "beleid", _("Policy")
        RULES = "spelregels", _("Rules between large and small providers")
        BOUNDARIES = "organisatiegrenzen", _("Organisational boundaries")

    class Status(models.TextChoices):
        DRAFT = "concept", _("Draft")
        OPEN = "open", _("Open for support")
        SCHEDULED = "geagendeerd", _("On the agenda")
        ADOPTED = "aangenomen", _("Adopted")
        ADOPTED_AMENDED = "aangepast", _("Adopted with changes")
        HELD = "aangehouden", _("Held over")
        REJECTED = "afgewezen", _("Rejected")

    DECIDED = (Status.ADOPTED, Status.ADOPTED_AMENDED, Status.HELD, Status.REJECTED)
    ADOPTED_STATUSES = (Status.ADOPTED, Status.ADOPTED_AMENDED)
    PUBLIC_STATUSES = (Status.OPEN, Status.SCHEDULED, *DECIDED)

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind of change"), max_length=30, choices=Kind.choices)
    problem = models.TextField(_("problem"), help_text=_("What goes wrong, shown by the lessons."))
    change = models.TextField(_("proposed change"))
    intended_effect = models.TextField(_("intended effect on collaboration"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    lessons = models.ManyToManyField(
        "atlas.LessonPage", related_name="kompas_proposals", verbose_name=_("lessons as evidence")
    )
    organisations = models.ManyToManyField(
        "reisgids.Organisation", related_name="kompas_proposals", verbose_name=_("proposed by")
    )
    themes = models.ManyToManyField(
        "reisgids.Theme", blank=True, related_name="kompas_proposals", verbose_name=_("themes")
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("kompas period")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="kompas_proposals",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Agendering
    gremium = models.ForeignKey(
        Gremium,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("body"),
    )
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    # The decision
    decision_reasoning = models.TextField(_("reasoning of the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision recorded by"),
    )
    news_page = models.ForeignKey(
        "atlas.NewsPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("news draft"),
    )
    support_count = models.PositiveIntegerField(_("supporters"), default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [
            models.Index(fields=["status", "-created_at"], name="proposal_status_new"),
            models.Index(fields=["period", "status"], name="proposal_period_status"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("kompas:detail", kwargs={"slug": self.slug})

    @property
    def is_decided(self):
        return self.status in self.DECIDED

    @property
    def is_adopted(self):
        return self.status in self.ADOPTED_STATUSES


S = Proposal.Status
MAX_LESSONS = 20  # the lessons behind one proposal: evidence, not a catalogue

PROPOSAL_STEPS = StateMachine(
    model=Proposal,
    field="status",
    refused=_("A proposal that is “%(current)s” cannot become “%(next)s”."),
    transitions=[
        Transition(
            name="submit",
            sources=(S.DRAFT,),
            target=S.OPEN,
            label=_("Open for support"),
            slug="indienen",
            action="kompas.proposal.submit",
            audit_label=_("Submit proposal"),
            audit_message=_("Proposal opened for support"),
        ),
        Transition(
            name="schedule",
            sources=(S.OPEN, S.HELD),
            target=S.SCHEDULED,
            label=_("Put on the agenda"),
            slug="agenderen",
            action="kompas.proposal.schedule",
            audit_label=_("Put proposal on the agenda"),
            audit_message=_("Proposal put on the agenda"),
        ),
        Transition(
            name="adopt",
            sources=(S.SCHEDULED,),
            target=S.ADOPTED,
            action="kompas.proposal.adopt",
            audit_label=_("Adopt proposal"),
            audit_message=_("Proposal adopted"),
        ),
        Transition(
            name="adopt_amended",
            sources=(S.SCHEDULED,),
            target=S.ADOPTED_AMENDED,
            action="kompas.proposal.adopt_amended",
            audit_label=_("Adopt proposal with changes"),
            audit_message=_("Proposal adopted with changes"),
        ),
        Transition(
            name="hold",
            sources=(S.SCHEDULED,),
            target=S.HELD,
            action="kompas.proposal.hold",
            audit_label=_("Hold proposal over"),
            audit_message=_("Proposal held over"),
        ),
        Transition(
            name="reject",
            sources=(S.SCHEDULED,),
            target=S.REJECTED,
            action="kompas.proposal.reject",
            audit_label=_("Reject proposal"),
            audit_message=_("Proposal rejected"),
        ),
    ],
)
# The decision the bestuur records -> the transition that records it.
DECISIONS = {S.ADOPTED: "adopt", S.ADOPTED_AMENDED: "adopt_amended", S.HELD: "hold", S.REJECTED: "reject"}


class Support(models.Model):
    """An organisation of the network supports a proposal: one per organisation."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    organisation = models.ForeignKey(
        "reisgids.Organisation", on_delete=models.CASCADE, related_name="kompas_supports"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "organisation"], name="one_support_per_organisation")
        ]

    def __str__(self):
        return f"{self.organisation_id} → {self.proposal_id}"


class ProposalComment(CommentBase):
    """A comment on a proposal, moderated as the stories' comments are (``reisgids.comments``)."""

    target_field = "proposal"

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="comments", verbose_name=_("proposal")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kompas_comments",
        verbose_name=_("author"),
    )

    class Meta(CommentBase.Meta):
        indexes = [models.Index(fields=["proposal", "created_at"], name="proposal_comment_new")]

    def get_absolute_url(self):
        return f"{self.proposal.get_absolute_url()}#reactie-{self.pk}"


class ProposalCommentReport(CommentReportBase):
    comment = models.ForeignKey(ProposalComment, on_delete=models.CASCADE, related_name="reports")

    class Meta(CommentReportBase.Meta):
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="unique_proposal_comment_report")
        ]


class Measure(models.Model):
    """What an adopted proposal changes, and how its effect is monitored: an indicator, an owner and
    review dates, until it is closed."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="measures")
    description = models.TextField(_("measure"))
    indicator = models.CharField(_("indicator"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="kompas_measures",
        verbose_name=_("owner"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self):
        return self.indicator

    @property
    def is_closed(self):
        return self.closed_at is not None


class Review(models.Model):
    """A date by which the measure's owner reports on its indicator. An update on or after the
    previous review date answers the earliest open review; a review past its date without an
    answer is overdue (flagged to the owner once, listed in /beheer/)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="reviews")
    due = models.DateField(_("review date"))
    answered_by = models.OneToOneField(
        "MonitoringUpdate", on_delete=models.SET_NULL, null=True, blank=True, related_name="review"
    )
    flagged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due", "id"]
        verbose_name = _("review date")
        verbose_name_plural = _("review dates")
        constraints = [models.UniqueConstraint(fields=["measure", "due"], name="one_review_per_date")]
        indexes = [
            models.Index(fields=["due"], condition=Q(answered_by__isnull=True), name="review_open_due")
        ]

    def __str__(self):
        return f"{self.measure.indicator} ({self.due:%d-%m-%Y})"


class MonitoringUpdate(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"))
    value = models.CharField(_("value of the indicator"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("monitoring update")
        verbose_name_plural = _("monitoring updates")

    def __str__(self):
        return f"{self.date}: {self.value}"


class Priority(models.Model):
    """A theme on which deals are welcome in the next round, with the reason and the proposals
    behind it. Setting one marks the kernel's ``Theme.deals_welcome`` (what ``deals`` reads)."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="priorities")
    theme = models.ForeignKey("reisgids.Theme", on_delete=models.CASCADE, related_name="kompas_priorities")
    reason = models.TextField(_("why deals are welcome"))
    proposals = models.ManyToManyField(Proposal, blank=True, related_name="priorities")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["theme__name"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        constraints = [models.UniqueConstraint(fields=["period", "theme"], name="one_priority_per_theme")]

    def __str__(self):
        return str(self.theme_id)


class Report(models.Model):
    """The kompas report of one period, archived: the HTML as generated and its PDF."""

    period = models.OneToOneField(Period, on_delete=models.PROTECT, related_name="report")
    generated_at = models.DateTimeField(default=timezone.now)
    html = models.TextField()
    pdf = models.FileField(upload_to="kompas/rapporten/", blank=True)

    class Meta:
        ordering = ["-period__start"]
        verbose_name = _("kompas report")
        verbose_name_plural = _("kompas reports")

    def __str__(self):
        return str(self.period)

    def get_absolute_url(self):
        return self.period.get_absolute_url()


class ReportDelivery(models.Model):
    """The report mailed to one recipient: the unique (recipient, period, kind) row that makes a
    second run, a race or a retry after a crash send nothing more (``reisgids.notifications.once``)."""

    class Kind(models.TextChoices):
        REPORT = "report", _("Kompas report")

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.REPORT)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "period", "kind"], name="one_kompas_mail_per_period")
        ]

    def __str__(self):
        return f"{self.recipient_id} {self.period_id} {self.kind}"


audit.register_actions(
    {
        "kompas.proposal.create": (_("Write proposal"), _("Proposal written")),
        "kompas.proposal.update": (_("Edit proposal"), _("Proposal edited")),
        "kompas.proposal.support": (_("Support proposal"), _("Proposal supported")),
        "kompas.comment.create": (_("Comment on proposal"), _("Comment posted")),
        "kompas.comment.report": (_("Report comment on proposal"), _("Comment reported")),
        "kompas.comment.hide": (_("Hide comment on proposal"), _("Comment hidden")),
        "kompas.measure.create": (_("Adopt measure"), _("Measure adopted")),
        "kompas.measure.update": (_("Report on measure"), _("Monitoring update added")),
        "kompas.measure.close": (_("Close measure"), _("Measure closed")),
        "kompas.priorities.set": (_("Set kompas priorities"), _("Priorities set")),
        "kompas.gremium.save": (_("Save body"), _("Body saved")),
        "kompas.report.generate": (_("Generate kompas report"), _("Kompas report generated")),
    }
)
