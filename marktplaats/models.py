"""The marktplaats: small requests (vraag) and offers (aanbod) between parties, conversations about
them through the platform, vouchers and reports. Writes go through ``marktplaats.services``; reads
through ``marktplaats.selectors``."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from reisgids.models import Area, Neighbourhood, Organisation, Theme

DESCRIPTION_MAX = 5000
MESSAGE_MAX = 5000

# The listings on the public list and candidates for matches: open or in gesprek, and not hidden. Partial
# indexes on this condition, in order of recency, let the list, its filters and the matching read the
# newest rows and stop (an IN on the status column alone would make PostgreSQL sort every active row).
ACTIVE_VISIBLE = Q(status__in=["open", "in_gesprek"], hidden_at__isnull=True)


class Listing(index.Indexed, models.Model):
    class Kind(models.TextChoices):
        VRAAG = "vraag", _("Request")
        AANBOD = "aanbod", _("Offer")

    class Category(models.TextChoices):
        BUSINESSPLAN = "businessplan", _("Help with a business plan")
        SUBSIDIE = "subsidie", _("Help with a subsidy application")
        KENNIS = "kennis", _("Knowledge and advice")
        HANDJES = "handjes", _("Extra hands and volunteers")
        RUIMTE = "ruimte", _("Space (meeting room, workplace)")
        PARTNER = "partner", _("Partner for a deal")
        WORKSHOP = "workshop", _("Workshop or training")
        MATERIAAL = "materiaal", _("Materials")
        OVERIG = "overig", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_GESPREK = "in_gesprek", _("In conversation")
        INGEVULD = "ingevuld", _("Fulfilled")
        VERLOPEN = "verlopen", _("Expired")
        INGETROKKEN = "ingetrokken", _("Withdrawn")

    ACTIVE_STATUSES = (Status.OPEN, Status.IN_GESPREK)

    kind = models.CharField(_("request or offer"), max_length=10, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="listings", verbose_name=_("organisation")
    )
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="listings_contact",
        verbose_name=_("contact person"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("posted by"),
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="listings", verbose_name=_("themes"))
    areas = models.ManyToManyField(Area, blank=True, related_name="listings", verbose_name=_("areas"))
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, blank=True, related_name="listings", verbose_name=_("neighbourhoods")
    )
    starts_on = models.DateField(_("date or first day"), null=True, blank=True)
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    matched_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="listing_matches",
        verbose_name=_("matched with"),
    )
    deal = models.ForeignKey(
        "deals.Deal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deal in the making"),
    )
    vouchers_total = models.PositiveIntegerField(_("number of vouchers"), default=0)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The site-wide search (/zoeken/) shows open listings that are not hidden.
    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("description"),
        index.FilterField("status"),
        index.FilterField("hidden_at"),
    ]

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        indexes = [
            models.Index(fields=["status", "-created_at", "-id"]),
            models.Index(fields=["status", "valid_until"]),
            models.Index(fields=["kind", "status", "category"]),
            models.Index(
                fields=["-created_at", "-id"], condition=ACTIVE_VISIBLE, name="listing_active_recent"
            ),
            models.Index(
                fields=["kind", "-created_at", "-id"],
                condition=ACTIVE_VISIBLE,
                name="listing_active_kind_recent",
            ),
            models.Index(
                fields=["kind", "category", "-created_at", "-id"],
                condition=ACTIVE_VISIBLE,
                name="listing_active_category_recent",
            ),
            # The open data API's count of the open listings and their last change (the newest
            # ``updated_at``) read only this index: at 50,000 listings 15 ms each from the table, 2.8
            # and 0.2 ms from here.
            models.Index(
                fields=["status", "updated_at"],
                condition=ACTIVE_VISIBLE,
                name="listing_visible_status_updated",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("marktplaats:detail", kwargs={"pk": self.pk})

    @property
    def is_active(self):
        return self.status in self.ACTIVE_STATUSES and self.hidden_at is None


class VoucherClaim(models.Model):
    class Status(models.TextChoices):
        CLAIMED = "claimed", _("Claimed")
        CANCELLED = "cancelled", _("Cancelled")
        REDEEMED = "redeemed", _("Redeemed")

    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="voucher_claims", verbose_name=_("listing")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="voucher_claims", verbose_name=_("organisation")
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="voucher_claims",
        verbose_name=_("claimed by"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CLAIMED)
    created_at = models.DateTimeField(_("claimed at"), auto_now_add=True)
    redeemed_at = models.DateTimeField(_("redeemed at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("voucher claim")
        verbose_name_plural = _("voucher claims")
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "claimed_by"],
                condition=~Q(status="cancelled"),
                name="one_voucher_per_person",
            )
        ]

    def __str__(self):
        return f"{self.listing} – {self.organisation}"


class Conversation(models.Model):
    """A conversation about a listing between the responding organisation and the poster."""

    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="conversations", verbose_name=_("listing")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="listing_conversations",
        verbose_name=_("responder"),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    last_message_at = models.DateTimeField(_("last message at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.UniqueConstraint(fields=["listing", "organisation"], name="one_conversation_per_responder")
        ]

    def __str__(self):
        return f"{self.listing} – {self.organisation}"

    def get_absolute_url(self):
        return reverse("marktplaats:conversation", kwargs={"pk": self.pk})


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages", verbose_name=_("conversation")
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("sender"),
    )
    sender_organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("on behalf of")
    )
    body = models.TextField(_("message"), max_length=MESSAGE_MAX)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return self.body[:50]


class Report(models.Model):
    """Someone reports a listing or a message as inappropriate; a network manager handles it."""

    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="reports", verbose_name=_("listing")
    )
    message = models.ForeignKey(
        Message,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("message"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reason = models.TextField(_("what is wrong"), max_length=2000)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self):
        return f"{self.listing}: {self.reason[:50]}"


class Follow(models.Model):
    """An organisation follows a category, theme and/or area: its members are notified of new
    matching listings (directly, in the daily digest or not by email, as each member chose)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="listing_follows", verbose_name=_("organisation")
    )
    category = models.CharField(_("category"), max_length=20, choices=Listing.Category.choices, blank=True)
    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("theme")
    )
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("area")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=~Q(category="") | Q(theme__isnull=False) | Q(area__isnull=False),
                name="follow_something",
            ),
            models.UniqueConstraint(
                fields=["organisation", "category", "theme", "area"],
                nulls_distinct=False,
                name="unique_follow",
            ),
        ]

    def __str__(self):
        parts = [
            self.get_category_display() if self.category else "",
            str(self.theme or ""),
            str(self.area or ""),
        ]
        return " · ".join(p for p in parts if p)
