"""The intake's part of ``manage.py bench`` (found like ``deals/bench.py``): the public page, the team's
list and one intake page, the last two for the bench's "partner" user, whom ``seed`` makes a member of
the initiatieventeam. One intake per bulk organisation: the default run measures 100 and 10,000."""

from django.contrib.auth.models import Group

from intake.bulk import BENCH_INTAKE_PK, clear_intakes_bulk, seed_intakes_bulk
from reisgids import roles
from reisgids.management.commands.bench import BENCH_USERS, PARTNER
from reisgids.models import User

INTAKES_PER_ORGANISATION = 1

PAGES = [
    ("intake_public", "/idee/"),
    ("intake_team_list", "/idee/overzicht/", (PARTNER,)),
    ("intake_detail", "/idee/{intake}/", (PARTNER,)),
]
PARAMS = {"intake": BENCH_INTAKE_PK}
# The public page is held to the anonymous targets; the team's list, a list page, to the signed-in
# list limit (12 times the floor); an intake page to the common signed-in limit (20 times): their
# shared parts come from the cache (issue 11).
TARGET_PAGES = ["intake_public"]
LIST_PAGES = ["intake_team_list"]


def clear():
    clear_intakes_bulk()


def seed(*, organisations, clear):
    totals = seed_intakes_bulk(max(1, round(organisations * INTAKES_PER_ORGANISATION)), clear=clear)
    team = Group.objects.get_or_create(name=roles.INITIATIVE_TEAM_GROUP)[0]
    # The same user ``seed_audiences`` makes (it runs after this), made here when it does not exist yet.
    user, _created = User.objects.get_or_create(
        email=BENCH_USERS[PARTNER], defaults={"first_name": "Bench", "last_name": PARTNER.capitalize()}
    )
    user.groups.add(team)
    return totals
