"""Ending an invitation of a co-initiator (CO_INITIATOR_STEPS): an initiator withdraws one not
accepted yet, after which its link is refused with a Dutch message; an initiator who acts for the
idea's organisation removes a co-initiator who accepted; a co-initiator leaves. Each through one
service with an audit row, the other initiators told. In /beheer/ the initiatieventeam sees the
invitations and withdraws one; other roles are refused."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from intake import services
from intake.models import CoInitiator
from intake.tests.factories import Route
from reisgids import roles
from reisgids.notifications.models import Notification
from reisgids.tests.beheer import staff_client
from reisgids.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
C = CoInitiator.Status


def _invite(route, email="mo@example.nl", name="Mo Buur"):
    return services.co_initiator_invite(
        intake=route.intake,
        actor=route.initiator,
        name=name,
        email=email,
        accept_url=lambda token: reverse("intake:co_initiator_accept", args=[token]),
    )


def _accepted(route, email="mo@example.nl"):
    person = UserFactory(email=email)
    services.co_initiator_accept(invitation=_invite(route, email=email), actor=person)
    return person, route.intake.co_initiators.get(email=email)


def _end_url(invitation, action):
    return reverse("intake:co_initiator_end", args=[invitation.intake_id, invitation.pk, action])


def _audit(action, **filters):
    return ModelLogEntry.objects.filter(action=action, **filters)


def _told(user, fragment):
    return Notification.objects.filter(recipient=user, subject__icontains=fragment).count()


def test_an_initiator_withdraws_a_pending_invitation_and_its_link_is_then_refused_in_dutch(client):
    route = Route()
    colleague = MembershipFactory(organisation=route.organisation).user  # an initiator too
    invitation = _invite(route)
    link = reverse("intake:co_initiator_accept", args=[services.invitation_token(invitation)])

    client.force_login(colleague)
    page = client.get(reverse("intake:co_initiators", args=[route.intake.pk])).content.decode()
    assert "Mo Buur" in page and "Trek de uitnodiging van Mo Buur in" in page
    response = client.post(_end_url(invitation, "intrekken"))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == C.WITHDRAWN and invitation.ended_by == colleague
    assert invitation.ended_at is not None
    assert _audit("intake.coinitiator.withdraw", user=colleague, object_id=str(route.intake.pk)).count() == 1
    assert _told(route.initiator, "ingetrokken") == 1 and _told(colleague, "ingetrokken") == 0
    assert "De uitnodiging van Mo Buur is ingetrokken." in client.get(response["Location"]).content.decode()
    # the idea's page no longer names the withdrawn invitation
    assert "Mo Buur" not in client.get(route.intake.get_absolute_url()).content.decode()

    mo = UserFactory(email="mo@example.nl")
    client.force_login(mo)
    response = client.get(link)
    assert response.status_code == 410
    assert "Deze uitnodiging is ingetrokken door de initiatiefnemers" in response.content.decode()
    assert client.post(link).status_code == 410  # not silently accepted
    invitation.refresh_from_db()
    assert invitation.status == C.WITHDRAWN and invitation.user is None
    assert client.get(route.intake.get_absolute_url()).status_code == 404
    with pytest.raises(ValidationError) as refused:
        services.co_initiator_accept(invitation=invitation, actor=mo)
    assert "ingetrokken" in " ".join(refused.value.messages)


def test_a_withdrawn_address_can_be_invited_again_and_only_the_new_link_works(client):
    route = Route()
    first = _invite(route)
    services.co_initiator_withdraw(invitation=first, actor=route.initiator)
    second = _invite(route)
    assert second.pk != first.pk and second.status == C.INVITED
    mo = UserFactory(email="mo@example.nl")
    client.force_login(mo)
    old = reverse("intake:co_initiator_accept", args=[services.invitation_token(first)])
    new = reverse("intake:co_initiator_accept", args=[services.invitation_token(second)])
    assert client.post(old).status_code == 410
    assert client.post(new).status_code == 302
    assert client.get(route.intake.get_absolute_url()).status_code == 200


def test_who_may_not_withdraw_is_refused_and_an_accepted_invitation_is_not_withdrawn(client):
    route = Route()
    invitation = _invite(route)
    for outsider in (MembershipFactory().user, UserFactory(), route.contact, route.advisor):
        with pytest.raises(PermissionDenied):
            services.co_initiator_withdraw(invitation=invitation, actor=outsider)
        client.force_login(outsider)
        assert client.post(_end_url(invitation, "intrekken")).status_code in (403, 404)
    invitation.refresh_from_db()
    assert invitation.status == C.INVITED and not _audit("intake.coinitiator.withdraw").exists()

    mo, accepted = _accepted(route, email="ali@example.nl")
    client.force_login(route.initiator)
    response = client.post(_end_url(accepted, "intrekken"), follow=True)
    assert "Alleen een uitnodiging die nog niet is aangenomen" in response.content.decode()
    accepted.refresh_from_db()
    assert accepted.status == C.ACCEPTED
    assert client.post(_end_url(accepted, "onzin")).status_code == 404


def test_an_initiator_of_the_organisation_removes_a_co_initiator_who_is_then_out(client):
    route = Route()
    route.assign()
    mo, invitation = _accepted(route)
    client.force_login(mo)
    assert client.get(route.intake.get_absolute_url()).status_code == 200

    client.force_login(route.initiator)
    page = client.get(reverse("intake:co_initiators", args=[route.intake.pk])).content.decode()
    assert "Verwijder Mo Buur als mede-initiatiefnemer" in page
    assert client.post(_end_url(invitation, "verwijderen")).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == C.REMOVED and invitation.ended_by == route.initiator
    assert _audit("intake.coinitiator.remove", user=route.initiator).count() == 1
    assert _told(mo, "geen mede-initiatiefnemer meer") == 1
    assert not services.is_initiator(route.intake, mo) and mo not in services.initiators(route.intake)

    client.force_login(mo)
    assert client.get(route.intake.get_absolute_url()).status_code == 404
    assert route.intake.title not in client.get("/idee/").content.decode()
    with pytest.raises(PermissionDenied):
        services.plan_update(intake=route.intake, actor=mo, fields={"plan_task": "x"})
    link = reverse("intake:co_initiator_accept", args=[services.invitation_token(invitation)])
    response = client.post(link)
    assert response.status_code == 410 and "geldt niet meer" in response.content.decode()


def test_a_co_initiator_from_outside_removes_nobody_but_may_leave(client):
    route = Route()
    mo, mo_invitation = _accepted(route)
    ali, ali_invitation = _accepted(route, email="ali@example.nl")
    pending = _invite(route, email="sam@example.nl", name="Sam")

    client.force_login(mo)
    page = client.get(reverse("intake:co_initiators", args=[route.intake.pk])).content.decode()
    assert "Verwijder" not in page and "Stop als mede-initiatiefnemer" in page
    assert "Trek de uitnodiging van Sam in" in page  # any initiator withdraws a pending one
    assert client.post(_end_url(ali_invitation, "verwijderen")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.co_initiator_remove(invitation=ali_invitation, actor=mo)
    with pytest.raises(PermissionDenied):
        services.co_initiator_leave(invitation=ali_invitation, actor=mo)  # only oneself
    ali_invitation.refresh_from_db()
    assert ali_invitation.status == C.ACCEPTED

    response = client.post(_end_url(mo_invitation, "vertrekken"))
    assert response.status_code == 302 and response["Location"] == "/idee/"
    mo_invitation.refresh_from_db()
    assert mo_invitation.status == C.LEFT and mo_invitation.ended_by == mo
    assert _audit("intake.coinitiator.leave", user=mo).count() == 1
    assert _told(route.initiator, "gestopt met") == 1 and _told(ali, "gestopt met") == 1
    assert client.get(route.intake.get_absolute_url()).status_code == 404
    with pytest.raises(PermissionDenied):  # no longer an initiator: left
        services.co_initiator_withdraw(invitation=pending, actor=mo)


def test_a_withdrawn_invitation_frees_its_place_among_the_twenty():
    route = Route()
    invitations = [_invite(route, email=f"buur{n}@example.nl", name=f"Buur {n}") for n in range(20)]
    with pytest.raises(ValidationError):
        _invite(route, email="nummer21@example.nl")
    services.co_initiator_withdraw(invitation=invitations[0], actor=route.initiator)
    assert _invite(route, email="nummer21@example.nl").status == C.INVITED


# --- /beheer/ ------------------------------------------------------------------------------------


def _refused_in_beheer(response):
    """Wagtail answers a PermissionDenied in /beheer/ with a way back to the dashboard."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/beheer/")


def _end_in_beheer(invitation, action):
    return reverse("intake_invitation_end", args=[invitation.pk, action])


def _team_in_beheer(client):
    user = staff_client(
        client, "intake.view_intake", "intake.view_coinitiator", group=roles.INITIATIVE_TEAM_GROUP
    )
    return user


def test_the_team_sees_the_invitations_in_beheer_and_withdraws_one(client):
    route = Route()
    invitation = _invite(route)
    mo, accepted = _accepted(route, email="ali@example.nl")
    team = _team_in_beheer(client)
    page = client.get(reverse("wagtailsnippets_intake_coinitiator:list")).content.decode()
    assert "Mo Buur" in page and "mo@example.nl" in page and "Ilse Initiatief" in page
    assert "Uitgenodigd" in page and "Geaccepteerd" in page
    withdraw = _end_in_beheer(invitation, "intrekken")
    assert withdraw in page
    assert _end_in_beheer(accepted, "intrekken") not in page
    inspect = reverse("wagtailsnippets_intake_coinitiator:inspect", args=[invitation.pk])
    assert "Mo Buur" in client.get(inspect).content.decode()

    assert client.get(withdraw).status_code == 200
    response = client.post(withdraw)
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == C.WITHDRAWN and invitation.ended_by == team
    assert _audit("intake.coinitiator.withdraw", user=team).count() == 1
    assert _told(route.initiator, "ingetrokken") == 1
    page = client.get(response["Location"]).content.decode()
    assert "Uitnodiging ingetrokken" in page

    # an accepted one is not withdrawn here either: the step's Dutch message
    response = client.post(_end_in_beheer(accepted, "intrekken"), follow=True)
    assert "Alleen een uitnodiging die nog niet is aangenomen" in response.content.decode()
    accepted.refresh_from_db()
    assert accepted.status == C.ACCEPTED


def test_the_team_removes_an_accepted_co_initiator_in_beheer(client):
    route = Route()
    mo, accepted = _accepted(route)
    pending = _invite(route, email="sam@example.nl", name="Sam")
    team = _team_in_beheer(client)
    page = client.get(reverse("wagtailsnippets_intake_coinitiator:list")).content.decode()
    remove = _end_in_beheer(accepted, "verwijderen")
    assert remove in page and _end_in_beheer(pending, "verwijderen") not in page
    confirm = client.get(remove).content.decode()
    assert "Verwijder een mede-initiatiefnemer" in confirm and "Mo Buur" in confirm

    response = client.post(remove)
    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.status == C.REMOVED and accepted.ended_by == team
    assert _audit("intake.coinitiator.remove", user=team).count() == 1
    assert _told(route.initiator, "verwijderd") == 1
    told = Notification.objects.get(recipient=mo, subject__icontains="geen mede-initiatiefnemer meer")
    assert "initiatieventeam" in told.body
    assert "Mo Buur is geen mede-initiatiefnemer meer." in client.get(response["Location"]).content.decode()
    assert not services.is_initiator(route.intake, mo)

    # a pending invitation is not "removed": the step's Dutch message, nothing changes
    response = client.post(_end_in_beheer(pending, "verwijderen"), follow=True)
    assert response.status_code == 200
    pending.refresh_from_db()
    assert pending.status == C.INVITED
    assert client.get(reverse("intake_invitation_end", args=[pending.pk, "onzin"])).status_code == 404


@pytest.mark.parametrize("action", ["intrekken", "verwijderen"])
@pytest.mark.parametrize("group", [roles.NETWORK_MANAGERS_GROUP, roles.CIVIL_SERVANTS_GROUP])
def test_other_roles_in_beheer_may_not_end_an_invitation(client, group, action):
    route = Route()
    invitation = _invite(route) if action == "intrekken" else _accepted(route)[1]
    before = invitation.status
    staff_client(client, "intake.view_coinitiator", group=group)  # may look, not end it
    assert _refused_in_beheer(client.post(_end_in_beheer(invitation, action)))
    invitation.refresh_from_db()
    assert invitation.status == before
    assert not _audit("intake.coinitiator.withdraw").exists()
    assert not _audit("intake.coinitiator.remove").exists()


def test_the_withdrawn_person_hears_it_by_mail(django_capture_on_commit_callbacks):
    route = Route()
    invitation = _invite(route)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.co_initiator_withdraw(invitation=invitation, actor=route.initiator)
    (message,) = [m for m in mail.outbox if m.to == ["mo@example.nl"]]
    assert "ingetrokken" in message.subject and route.intake.title in message.subject
    assert "Mo Buur" in message.body and "werkt niet meer" in message.body
    assert "/idee/uitnodiging/" not in message.body


def test_beheer_without_the_permission_shows_no_invitations(client):
    route = Route()
    invitation = _invite(route)
    staff_client(client, group=roles.CONTENT_MANAGERS_GROUP)
    assert _refused_in_beheer(client.get(reverse("wagtailsnippets_intake_coinitiator:list")))
    assert _refused_in_beheer(client.get(_end_in_beheer(invitation, "intrekken")))
    assert _refused_in_beheer(client.post(_end_in_beheer(invitation, "intrekken")))
    invitation.refresh_from_db()
    assert invitation.status == C.INVITED
    for action in ("edit", "delete"):
        staff_client(
            client,
            "intake.view_coinitiator",
            "intake.change_coinitiator",
            "intake.delete_coinitiator",
            group=roles.NETWORK_MANAGERS_GROUP,
            superuser=True,
        )
        url = reverse(f"wagtailsnippets_intake_coinitiator:{action}", args=[invitation.pk])
        response = client.post(url, {"status": "ingetrokken", "name": "Anders"})
        assert response.status_code in (302, 403)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.name) == (C.INVITED, "Mo Buur")
