"""The residencies' part of ``manage.py bench``: the residency page for the bench's partner (the
resident), at 10 log entries at the small scale and 1,000 at the large one, with 20 concerns at both
(a full first page of the residency's list of concerns, ten on the residency page: at 1 concern the
cold scale ratio compared 1 rendered concern with 20; tests assert the queries at 1 and 50), on the
deal that the deals' bench measures as the partner's deal page ("deal_detail"), so that page carries
the residency block with those entries and concerns too; and the residency's list of concerns
("residency_concerns")."""

import datetime

from deals.bulk import DEAL_PREFIX
from deals.models import Deal, DealPartner
from reisgids.caching import bump_for
from reisgids.management.commands.bench import BENCH_USERS, PARTNER, PARTNER_ORGANISATION
from reisgids.models import Membership, Organisation, User
from residence.models import Concern, LogEntry, Residency

PAGES = [
    ("residency", "/residentie/{residency}/", (PARTNER,)),
    ("residency_concerns", "/residentie/{residency}/knelpunten/", (PARTNER,)),
]
PARAMS = {"residency": 0}  # filled in by seed()
TARGET_PAGES = ["residency", "residency_concerns"]
SMALL, LARGE = (10, 20), (1000, 20)  # (log entries, concerns)
BENCH_OPENNESS = "Bench-residentie (testdata)."


def clear():
    Residency.objects.filter(openness=BENCH_OPENNESS).delete()
    bump_for(Residency)


def _resident(home):
    user, created = User.objects.get_or_create(
        email=BENCH_USERS[PARTNER], defaults={"first_name": "Bench", "last_name": PARTNER.capitalize()}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(
        user=user, organisation=home, defaults={"role": Membership.Role.BEHEERDER}
    )
    return user


def seed(*, organisations, clear):
    """One active residency on the measured deal with 20 concerns: 10 entries below 1,000
    organisations, 1,000 from 1,000 on (the default scales are 100 and 10,000)."""
    entries, concerns = SMALL if organisations < 1000 else LARGE
    deal = Deal.objects.get(slug=f"{DEAL_PREFIX}000000")
    home = Organisation.objects.get(slug=PARTNER_ORGANISATION)
    host = (
        DealPartner.objects.filter(deal=deal, status=DealPartner.Status.ACCEPTED)
        .exclude(organisation=home)
        .select_related("organisation")
        .order_by("pk")
        .first()
        .organisation
    )
    person = _resident(home)
    residency, _ = Residency.objects.get_or_create(
        deal=deal,
        openness=BENCH_OPENNESS,
        defaults={
            "person": person,
            "home_partner": home,
            "host_partner": host,
            "starts_on": datetime.date(2026, 1, 1),
            "time_amount": 16,
            "time_unit": "uren",
            "functions": ["signaleren", "bemiddelen"],
            "status": Residency.Status.ACTIVE,
        },
    )
    missing = entries - residency.entries.count()
    LogEntry.objects.bulk_create(
        LogEntry(
            residency=residency,
            author=person,
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 300),
            kind=LogEntry.Kind.OBSERVATION,
            text=f"Bench-logregel {i}: gesprek met het wijkteam over de aanmeldingen.",
            visibility=LogEntry.Visibility.PAIR if i % 3 == 0 else LogEntry.Visibility.ALL,
        )
        for i in range(max(0, missing))
    )
    missing = concerns - residency.concerns.count()
    Concern.objects.bulk_create(
        Concern(
            residency=residency,
            deal=deal,
            title=f"Bench-knelpunt {i}",
            severity=Concern.Severity.PROBLEM,
            owner=host,
            raised_by=person,
        )
        for i in range(max(0, missing))
    )
    bump_for(Residency)
    PARAMS["residency"] = residency.pk
    return {
        "residency_log_entries": residency.entries.count(),
        "residency_concerns": residency.concerns.count(),
    }
