"""The priorities open the next round of deals: a new period's priorities replace the previous
period's welcome themes, a reason set by hand in /beheer/ stays, and the deals pages show the public
proposals behind each welcome theme (through ``deals.extensions``: deals does not import kompas)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kompas import services
from kompas.models import Proposal
from kompas.tests import factories as f
from reisgids.models import Theme
from reisgids.tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db
S = Proposal.Status


def _previous_period():
    current = services.period_for()
    return services.period_for(current.start - datetime.timedelta(days=1))


def test_a_new_periods_priorities_clear_the_previous_periods_welcome_themes():
    editor = f.editor()
    old, new = ThemeFactory(name="Oud thema"), ThemeFactory(name="Nieuw thema")
    services.priorities_set(period=_previous_period(), actor=editor, items=[(old, "Vorige ronde", [])])
    old.refresh_from_db()
    assert old.deals_welcome and old.deals_welcome_text == "Vorige ronde"

    services.priorities_set(period=services.period_for(), actor=editor, items=[(new, "Deze ronde", [])])
    old.refresh_from_db()
    new.refresh_from_db()
    assert not old.deals_welcome and old.deals_welcome_text == ""
    assert new.deals_welcome and new.deals_welcome_text == "Deze ronde"


def test_the_priorities_never_overwrite_a_reason_set_by_hand():
    editor = f.editor()
    theme = ThemeFactory(name="Thema met handtekst", deals_welcome_text="Met de hand geschreven in beheer.")
    by_hand = ThemeFactory(name="Altijd welkom", deals_welcome=True, deals_welcome_text="Altijd welkom.")
    period = services.period_for()
    services.priorities_set(period=period, actor=editor, items=[(theme, "Reden van het kompas", [])])
    theme.refresh_from_db()
    assert theme.deals_welcome and theme.deals_welcome_text == "Met de hand geschreven in beheer."

    services.priorities_set(period=period, actor=editor, items=[])
    theme.refresh_from_db()
    by_hand.refresh_from_db()
    assert not theme.deals_welcome and theme.deals_welcome_text == "Met de hand geschreven in beheer."
    assert by_hand.deals_welcome and by_hand.deals_welcome_text == "Altijd welkom."  # not the kompas'


def _welcome(count):
    """``count`` welcome themes, each with a public proposal and a draft behind it."""
    editor = f.editor()
    items = []
    for n in range(count):
        theme = ThemeFactory(name=f"Welkom {n}")
        public = f.proposal(state=S.OPEN, actor=editor, title=f"Openbaar voorstel {n}")
        draft = f.proposal(actor=editor, title=f"Concept voorstel {n}")
        items.append((theme, f"Reden {n}", [public, draft]))
    services.priorities_set(period=services.period_for(), actor=editor, items=items)
    return items


@pytest.mark.parametrize("path", ["/deals/", "/deals/in-de-maak/", "/deals/start/"])
def test_the_deals_pages_show_the_public_proposals_behind_a_welcome_theme(client, path):
    Theme.objects.update(deals_welcome=False, deals_welcome_text="")
    theme, _reason, (public, draft) = _welcome(1)[0]
    client.force_login(f.member())
    page = client.get(path).content.decode()
    assert "Reden 0" in page
    assert f'href="{public.get_absolute_url()}"' in page and public.title in page
    assert draft.title not in page  # a draft is not public


def test_the_welcome_themes_cost_the_same_queries_for_1_and_5_themes(client):
    from deals import selectors

    counts = []
    for count in (1, 5):
        Theme.objects.update(deals_welcome=False, deals_welcome_text="")
        _welcome(count)
        with CaptureQueriesContext(connection) as queries:
            themes = selectors.welcome_themes()
            assert all(len(theme.behind) == 1 for theme in themes)
        assert len(themes) == count
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_priorities_form_offers_the_proposals_of_this_round_not_every_proposal_ever():
    """The form lists the proposals under every theme: those of this period and the one before,
    and those a priority already names, not all public proposals of all years."""
    from kompas.models import Period
    from kompas.selectors import priority_proposal_options

    period = services.period_for()
    previous = _previous_period()
    long_ago = services.period_for(period.start - datetime.timedelta(days=800))
    f.proposal(state=S.OPEN, title="Van deze ronde")
    last_round = f.proposal(state=S.ADOPTED, title="Van de vorige ronde")
    old = f.proposal(state=S.ADOPTED, title="Van lang geleden")
    named = f.proposal(state=S.REJECTED, title="Al genoemd")
    draft = f.proposal(title="Nog een concept")
    Proposal.objects.filter(pk=last_round.pk).update(period=previous)
    Proposal.objects.filter(pk__in=[old.pk, named.pk]).update(period=long_ago)
    services.priorities_set(
        period=period, actor=f.editor(), items=[(ThemeFactory(name="Thema"), "Reden", [named])]
    )
    offered = set(priority_proposal_options(period).values_list("title", flat=True))
    assert offered == {"Van deze ronde", "Van de vorige ronde", "Al genoemd"}
    assert draft.title not in offered and Period.objects.count() >= 3
