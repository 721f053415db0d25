"""The shared core of the network: people, partijen, aanspreekpunten, gebieden, thema's and
beleidsinstrumenten. Writes go through ``reisgids.services``; reads through ``reisgids.selectors``."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


class ReisgidsUserManager(UserManager):
    """Users log in by email; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    class NotificationPreference(models.TextChoices):
        DIRECT = "direct", _("Directly, one email per notification")
        DAILY = "daily", _("Once a day, in a digest")
        WEEKLY = "weekly", _("Once a week, in a digest")
        OFF = "off", _("Off, only on the site")

    class Language(models.TextChoices):
        DUTCH = "nl", "Nederlands"
        ENGLISH = "en", "English"

    username = None
    email = models.EmailField(_("email address"), unique=True)
    notification_preference = models.CharField(
        _("email notifications"),
        max_length=10,
        choices=NotificationPreference.choices,
        default=NotificationPreference.DAILY,
    )
    language = models.CharField(
        _("language of notifications"),
        max_length=8,
        choices=Language.choices,
        default=Language.DUTCH,
        help_text=_("Notifications and their emails are written in this language."),
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = ReisgidsUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.email


def english_or_dutch(english, dutch):
    """The name to show: the English one on an English page where there is one (``name_en``)."""
    return english if english and get_language() == "en" else dutch


class Area(models.Model):
    """A gebied: Rotterdam has fourteen."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(
        _("name in English"), max_length=100, blank=True, help_text=_("Empty when it is the same.")
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return english_or_dutch(self.name_en, self.name)


class Neighbourhood(models.Model):
    """A wijk within a gebied."""

    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="neighbourhoods", verbose_name=_("area")
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        constraints = [models.UniqueConstraint(fields=["area", "name"], name="unique_neighbourhood_per_area")]

    def __str__(self):
        return self.name


class Theme(index.Indexed, models.Model):
    """A care and welfare theme. The kompas can mark a theme as welcome for new deals."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    deals_welcome = models.BooleanField(_("deals welcome on this theme"), default=False)
    deals_welcome_text = models.TextField(
        _("why deals are welcome"),
        blank=True,
        help_text=_("Shown where people start a deal from this theme."),
    )

    search_fields = [
        index.SearchField("name"),
        index.SearchField("description"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return english_or_dutch(self.name_en, self.name)


class Organisation(index.Indexed, models.Model):
    """A partij: an initiative, a gemeente department, a provider, a fund, a network…"""

    class Kind(models.TextChoices):
        INITIATIEF = "initiatief", _("Citizen initiative")
        GEMEENTE = "gemeente", _("Municipal department")
        ZORGAANBIEDER = "zorgaanbieder", _("Care provider")
        WELZIJNSAANBIEDER = "welzijnsaanbieder", _("Welfare provider")
        WONINGCORPORATIE = "woningcorporatie", _("Housing corporation")
        BEDRIJF = "bedrijf", _("Company")
        ONDERWIJS = "onderwijs", _("Education or knowledge institution")
        FONDS = "fonds", _("Fund")
        NETWERK = "netwerk", _("Network")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(
        _("summary"), max_length=300, blank=True, help_text=_("One sentence: what you do.")
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
        help_text=_("For example: a department is part of a municipal cluster."),
    )
    areas = models.ManyToManyField(Area, blank=True, related_name="organisations", verbose_name=_("areas"))
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, blank=True, related_name="organisations", verbose_name=_("neighbourhoods")
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="organisations", verbose_name=_("themes"))
    contact_email = models.EmailField(_("public email address"), blank=True)
    contact_phone = models.CharField(_("public phone number"), max_length=30, blank=True)
    show_contact = models.BooleanField(
        _("show contact details publicly"),
        default=False,
        help_text=_("Only when this is on do visitors see the email address and phone number."),
    )
    members = models.ManyToManyField(
        "User", through="Membership", related_name="organisations", verbose_name=_("members")
    )
    is_demo = models.BooleanField(_("demo content"), default=False, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    search_fields = [
        index.SearchField("name", boost=3),
        index.SearchField("summary", boost=2),
        index.SearchField("description"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            models.Index(fields=["name"]),
            models.Index(fields=["kind", "name"]),
            # The open data's last change of the directory (``Max``, the API's Last-Modified and the
            # DCAT catalogue) reads the newest entry instead of every organisation (3 ms at 10,000).
            models.Index(fields=["updated_at"], name="organisation_updated"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisation_detail", kwargs={"slug": self.slug})


class Membership(models.Model):
    class Role(models.TextChoices):
        LID = "lid", _("Member")
        BEHEERDER = "beheerder", _("Manager")

    user = models.ForeignKey(
        "User", on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.LID)
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class JoinRequest(models.Model):
    """Someone asks to become a member; a beheerder of the organisation approves or refuses."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    user = models.ForeignKey(
        "User", on_delete=models.CASCADE, related_name="join_requests", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="join_requests", verbose_name=_("organisation")
    )
    motivation = models.TextField(_("message to the managers"), blank=True, max_length=2000)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        "User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=models.Q(status="pending"),
                name="one_pending_join_request",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.organisation}"


class ContactPoint(index.Indexed, models.Model):
    """An aanspreekpunt: a named person and what you can approach them for."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contact_points", verbose_name=_("organisation")
    )
    user = models.ForeignKey(
        "User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_points",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=150)
    function = models.CharField(_("function"), max_length=150)
    approach_for = models.TextField(_("approach me for"), help_text=_("What people can ask you about."))
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="contact_points", verbose_name=_("themes")
    )
    areas = models.ManyToManyField(Area, blank=True, related_name="contact_points", verbose_name=_("areas"))
    citywide = models.BooleanField(
        _("city-wide"),
        default=False,
        help_text=_("Works for the whole city: shown under every area and neighbourhood filter."),
    )
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    availability = models.CharField(
        _("how and when to reach me"),
        max_length=200,
        blank=True,
        help_text=_("For example: Mon–Thu, 9:00–17:00."),
    )
    is_demo = models.BooleanField(_("demo content"), default=False, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    search_fields = [
        index.SearchField("name", boost=2),
        index.SearchField("function"),
        index.SearchField("approach_for"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"])]
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")

    def __str__(self):
        return f"{self.name} ({self.organisation})"


class Instrument(index.Indexed, models.Model):
    """A beleidsinstrument: Citylab010, Bewonersinitiatief, Right to Challenge…"""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="instruments",
        verbose_name=_("owner"),
    )
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    offers_money = models.BooleanField(_("offers money"), default=False)
    offers_knowledge = models.BooleanField(_("offers knowledge"), default=False)
    offers_space = models.BooleanField(_("offers space"), default=False)
    offers_procedure = models.BooleanField(
        _("offers a procedure"), default=False, help_text=_("A route or right, such as Right to Challenge.")
    )
    audience = models.CharField(_("for whom"), max_length=300, blank=True)
    amount = models.CharField(
        _("amounts"), max_length=200, blank=True, help_text=_("For example: up to € 50,000.")
    )
    deadlines = models.CharField(_("deadlines"), max_length=200, blank=True)
    url = models.URLField(_("more information"), blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="instruments", verbose_name=_("themes"))
    is_demo = models.BooleanField(_("demo content"), default=False, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    search_fields = [
        index.SearchField("name", boost=3),
        index.SearchField("summary", boost=2),
        index.SearchField("description"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("policy instrument")
        verbose_name_plural = _("policy instruments")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("instrument_detail", kwargs={"slug": self.slug})

    @property
    def offers(self):
        """The kinds of support, as display labels, in a fixed order."""
        pairs = [
            (self.offers_money, _("money")),
            (self.offers_knowledge, _("knowledge")),
            (self.offers_space, _("space")),
            (self.offers_procedure, _("procedure")),
        ]
        return [label for on, label in pairs if on]
