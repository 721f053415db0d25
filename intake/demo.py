"""Demo ideas of the Right to Cooperate intake: one in every step, each taken there through the real
services (so its history, time per step, advice and notifications are what a real one has), and one
turned into a deal. ``seed_intake()`` is idempotent (keyed on the title); it runs after the core's demo
data (``reisgids.demo.load()``) and the demo deals. The demo users of the intake's roles are made here
(README, "Demo users")."""

import datetime
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from intake import services
from intake.models import Intake, Request
from reisgids import roles
from reisgids.demo import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD
from reisgids.models import ContactPoint, Neighbourhood, Organisation, Theme, User

S = Intake.Status

# local part of the email, first name, last name, group
ROLE_USERS = [
    ("initiatieventeam", "Ilse", "Intake", roles.INITIATIVE_TEAM_GROUP),
    ("procesbegeleider", "Paul", "Proces", roles.PROCESS_GUIDES_GROUP),
    ("adviesplatform", "Anouk", "Advies", roles.ADVISORY_PLATFORM_GROUP),
    ("second-opinion", "Sven", "Second", roles.SECOND_OPINION_GROUP),
    ("teamleider", "Tamara", "Teamleider", roles.TEAM_LEADS_GROUP),
    ("wethouder", "Willem", "Wethouder", roles.WETHOUDERS_GROUP),
    ("college", "Carla", "College", roles.COLLEGE_GROUP),
]
DECIDERS = {"teamleider": "teamleider", "wethouder": "wethouder", "college": "college"}

# title, step it reaches, amount asked
IDEAS = [
    ("Buurtmoestuin aan de Schiedamseweg", S.UNVERIFIED, None),
    ("Huiskamer voor mantelzorgers in Bospolder", S.TRIAGE, None),
    ("Wandelgroep voor ouderen langs de Schie", S.HANDED_OVER, None),
    ("Taalcafé in de bibliotheek", S.TAKEN_ON, None),
    ("Straatfeest op de Mathenesserweg", S.NOT_MUNICIPAL, None),
    ("Buurtconciërges in Tussendijken", S.CONTACT_ASSIGNED, None),
    ("Bewoners beheren het buurthuis Spangen", S.PLAN, Decimal("45000")),
    ("Maaltijden voor eenzame ouderen", S.ADVICE, Decimal("8000")),
    ("Jongerenwerk door buurtvaders", S.ADVISED, Decimal("30000")),
    ("Groenonderhoud door bewoners", S.SECOND_OPINION, Decimal("30000")),
    ("Schuldhulp aan de keukentafel", S.DECISION, Decimal("9500")),
    ("Dagbesteding in de wijkboerderij", S.APPROVED, Decimal("30000")),
    ("Zwembad in de wijk", S.REFUSED, Decimal("120000")),
    ("Respijtzorg door buren", S.DEAL, Decimal("25000")),
]
ORDER = [S.TRIAGE, S.CONTACT_ASSIGNED, S.PLAN, S.ADVICE, S.ADVISED, S.SECOND_OPINION, S.DECISION]


def _user(local, first_name, last_name, group=None):
    email = f"{local}@{DEMO_EMAIL_DOMAIN}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, first_name=first_name, last_name=last_name
        )
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def _people():
    people = {local: _user(local, first, last, group) for local, first, last, group in ROLE_USERS}
    people["initiator"] = User.objects.get(email=f"initiatiefnemer@{DEMO_EMAIL_DOMAIN}")
    people["contact"] = User.objects.get(email=f"ambtenaar@{DEMO_EMAIL_DOMAIN}")
    return people


def _take(intake, target, people, amount):
    """Take ``intake`` (with the team) to ``target`` through the services."""
    team, contact, initiator = people["initiatieventeam"], people["contact"], people["initiator"]
    if target in (S.HANDED_OVER, S.TAKEN_ON):
        point = ContactPoint.objects.filter(user=contact).first()
        intake = services.intake_hand_over(
            intake=intake, actor=team, contact_point=point, note="Past bij het wijkbudget."
        )
        if target == S.TAKEN_ON:
            services.intake_take_on(intake=intake, actor=contact)
        return
    if target == S.NOT_MUNICIPAL:
        services.intake_not_municipal(
            intake=intake,
            actor=team,
            reasons=(
                "Een straatfeest vraag je aan als evenement; daar is geen samenwerking met de gemeente "
                "voor nodig."
            ),
            pointers="Vraag een evenementenvergunning aan, en kijk op de marktplaats voor buren die helpen.",
        )
        return
    route = Intake.Route.CHALLENGE if amount and amount > 40000 else Intake.Route.COOPERATE
    services.intake_assign_contact(intake=intake, actor=team, route=route, contact_person=contact)
    services.intake_attach_guide(intake=intake, actor=team, guide=people["procesbegeleider"])
    if target == S.CONTACT_ASSIGNED:
        return
    services.intake_plan_meeting(
        intake=intake,
        actor=contact,
        starts_at=timezone.now() + datetime.timedelta(days=10),
        duration_minutes=90,
        place="Wijkhuis Bospolder, Schiedamseweg 1",
        attendees=[contact],
        note="Kennismaking en de eerste opzet van het aanpakplan.",
    )
    services.intake_set_influence(intake=intake, actor=contact, influence="coproduceren")
    services.plan_update(
        intake=intake,
        actor=initiator,
        fields={
            "plan_task": intake.what,
            "plan_people": "Bewoners, de wijkregisseur en het welzijnswerk.",
            "plan_costs": "Vooral uren van vrijwilligers; de gemeente betaalt ruimte en materiaal.",
        },
        amount_eur=amount or Decimal("0"),
    )
    if target == S.PLAN:
        services.request_raise(
            intake=intake,
            actor=initiator,
            kind=Request.Kind.INFLUENCE,
            text="We willen het buurthuis zelf beheren: dat is zelf doen, niet coproduceren.",
            proposed_influence="zelf-doen",
        )
        return
    services.plan_submit(intake=intake, actor=initiator)
    if target == S.ADVICE:
        return
    services.intake_advise(
        intake=intake,
        actor=people["adviesplatform"],
        text="Een sterk plan met draagvlak in de wijk.",
        recommend=target != S.REFUSED,
    )
    if target == S.ADVISED:
        return
    if target == S.SECOND_OPINION or target == S.DECISION:
        services.intake_answer_advice(
            intake=intake, actor=initiator, agree=False, reason="Het advies onderschat wat bewoners al doen."
        )
        if target == S.SECOND_OPINION:
            return
        services.intake_second_opinion(
            intake=intake, actor=people["second-opinion"], text="Het plan verdient een kans.", recommend=True
        )
        return
    services.intake_answer_advice(intake=intake, actor=initiator, agree=True)
    intake.refresh_from_db()
    decider = people[DECIDERS[intake.decision_maker]]
    services.intake_decide(
        intake=intake,
        actor=decider,
        approve=target != S.REFUSED,
        reasons="Past in het beleid voor de wijk."
        if target != S.REFUSED
        else "Te duur voor wat het oplevert.",
    )
    if target == S.DEAL:
        services.intake_to_deal(intake=intake, actor=initiator)


@transaction.atomic
def seed_intake():
    people = _people()
    organisation = Organisation.objects.filter(slug="logeerhuis-de-buren").first()
    theme = Theme.objects.filter(slug="mantelzorg").first()
    neighbourhood = Neighbourhood.objects.filter(slug="bospolder").first()
    created = 0
    for title, target, amount in IDEAS:
        if Intake.objects.filter(title=title).exists():
            continue
        data = {
            "title": title,
            "what": f"{title}: bewoners nemen het zelf op, samen met de gemeente.",
            "for_whom": "Bewoners van Delfshaven",
            "needs": "Een ruimte, een klein budget en iemand bij de gemeente die meedenkt.",
            "brings": "Vrijwilligers, een netwerk in de wijk en ervaring.",
            "theme": theme,
            "neighbourhood": neighbourhood,
        }
        if target == S.UNVERIFIED:
            intake = services.intake_submit(
                actor=AnonymousUser(), data={**data, "name": "Anne Anoniem", "email": "anne@example.org"}
            )
        else:
            intake = services.intake_submit(
                actor=people["initiator"], data={**data, "organisation": organisation}
            )
            if target != S.TRIAGE:
                _take(intake, target, people, amount)
        if target == CO_INITIATOR_STEP:
            _co_initiator(intake, people["initiator"])
        Intake.objects.filter(pk=intake.pk).update(is_demo=True)
        created += 1
    return {"intakes": created}


# The idea in this step has a co-initiator from outside Logeerhuis De Buren: invited by the
# initiatiefnemer, accepted (the demo user "buurman"), so they answer the advice too.
CO_INITIATOR_STEP = S.ADVISED


def _co_initiator(intake, initiator):
    neighbour = _user("buurman", "Mo", "Buurman")
    invitation = services.co_initiator_invite(
        intake=intake,
        actor=initiator,
        name=neighbour.get_full_name(),
        email=neighbour.email,
        accept_url=lambda token: settings.SITE_URL + reverse("intake:co_initiator_accept", args=[token]),
    )
    services.co_initiator_accept(invitation=invitation, actor=neighbour)
