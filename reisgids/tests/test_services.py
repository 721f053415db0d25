import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from wagtail.models import ModelLogEntry

from reisgids import services
from reisgids.models import Area, JoinRequest, Membership, Organisation, Theme, User
from reisgids.tests.factories import (
    JoinRequestFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DIRECT = User.NotificationPreference.DIRECT


def actions(instance):
    return list(
        ModelLogEntry.objects.for_instance(instance).order_by("timestamp").values_list("action", flat=True)
    )


def test_organisation_create_makes_the_actor_beheerder_and_writes_an_audit_row():
    user = UserFactory()
    delfshaven = Area.objects.get(slug="delfshaven")
    theme = Theme.objects.first()
    organisation = services.organisation_create(
        actor=user,
        name="Buurtkracht Bospolder",
        kind=Organisation.Kind.INITIATIEF,
        areas=[delfshaven],
        themes=[theme],
    )
    assert organisation.slug == "buurtkracht-bospolder"
    assert list(organisation.areas.all()) == [delfshaven]
    assert Membership.objects.get(organisation=organisation).role == Membership.Role.BEHEERDER
    assert actions(organisation) == ["reisgids.organisation.create"]


def test_organisation_create_generates_unique_slugs_and_avoids_reserved_paths():
    user = UserFactory()
    first = services.organisation_create(actor=user, name="De Buren", kind="initiatief")
    second = services.organisation_create(actor=user, name="De Buren", kind="initiatief")
    reserved = services.organisation_create(actor=user, name="Registreren", kind="initiatief")
    assert (first.slug, second.slug) == ("de-buren", "de-buren-2")
    assert reserved.slug == "registreren-2"


def test_organisation_create_is_atomic_and_refuses_anonymous_and_invalid_input():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.organisation_create(actor=AnonymousUser(), name="X", kind="initiatief")
    with pytest.raises(ValidationError):
        services.organisation_create(actor=UserFactory(), name="X", kind="geen-soort")
    assert not Organisation.objects.exists()
    assert not Membership.objects.exists()


def test_members_of_any_role_edit_the_profile_and_strangers_cannot():
    membership = MembershipFactory()
    organisation = membership.organisation
    services.organisation_update(
        organisation=organisation, actor=membership.user, summary="Nieuw", themes=[Theme.objects.first()]
    )
    organisation.refresh_from_db()
    assert organisation.summary == "Nieuw"
    assert organisation.themes.count() == 1
    assert actions(organisation) == ["reisgids.organisation.update"]
    with pytest.raises(PermissionDenied):
        services.organisation_update(organisation=organisation, actor=UserFactory(), summary="Gekaapt")
    organisation.refresh_from_db()
    assert organisation.summary == "Nieuw"


def test_an_organisation_cannot_be_part_of_itself():
    membership = MembershipFactory(beheerder=True)
    child = OrganisationFactory(parent=membership.organisation)
    MembershipFactory(user=membership.user, organisation=child)
    with pytest.raises(ValidationError):
        services.organisation_update(
            organisation=membership.organisation, actor=membership.user, parent=child
        )


def test_membership_request_mails_the_beheerders_after_commit(mailoutbox, django_capture_on_commit_callbacks):
    # The mail follows the beheerder's preference (reisgids.notifications): this one chose "direct".
    manager = MembershipFactory(beheerder=True, user__notification_preference=DIRECT)
    MembershipFactory(
        organisation=manager.organisation, user__notification_preference=DIRECT
    )  # a lid: no mail
    user = UserFactory(first_name="Sara", last_name="Jansen")
    with django_capture_on_commit_callbacks(execute=True):
        join_request = services.membership_request(
            organisation=manager.organisation, user=user, motivation="Ik wil helpen."
        )
    assert join_request.status == JoinRequest.Status.PENDING
    assert actions(join_request) == ["reisgids.membership.request"]
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [manager.user.email]
    assert "Sara Jansen" in mailoutbox[0].body
    assert "wil lid worden" in mailoutbox[0].body
    assert f"/partijen/{manager.organisation.slug}/leden/" in mailoutbox[0].body


def test_a_second_pending_request_and_a_request_by_a_member_are_refused():
    join_request = JoinRequestFactory()
    with pytest.raises(ValidationError):
        services.membership_request(organisation=join_request.organisation, user=join_request.user)
    member = MembershipFactory()
    with pytest.raises(ValidationError):
        services.membership_request(organisation=member.organisation, user=member.user)
    assert JoinRequest.objects.count() == 1


def test_beheerder_approves_and_the_requester_is_mailed(mailoutbox, django_capture_on_commit_callbacks):
    manager = MembershipFactory(beheerder=True)
    join_request = JoinRequestFactory(organisation=manager.organisation, user__notification_preference=DIRECT)
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.join_request_approve(join_request=join_request, actor=manager.user)
    assert membership.role == Membership.Role.LID
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.APPROVED
    assert join_request.decided_by == manager.user
    assert actions(join_request) == ["reisgids.membership.approve"]
    assert mailoutbox[0].to == [join_request.user.email]
    assert "je bent nu lid" in mailoutbox[0].body.lower()
    with pytest.raises(ValidationError):
        services.join_request_refuse(join_request=join_request, actor=manager.user)


def test_beheerder_refuses_and_the_requester_is_mailed(mailoutbox, django_capture_on_commit_callbacks):
    manager = MembershipFactory(beheerder=True)
    join_request = JoinRequestFactory(organisation=manager.organisation, user__notification_preference=DIRECT)
    with django_capture_on_commit_callbacks(execute=True):
        services.join_request_refuse(join_request=join_request, actor=manager.user)
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.REFUSED
    assert not Membership.objects.filter(user=join_request.user).exists()
    assert actions(join_request) == ["reisgids.membership.refuse"]
    assert "afgewezen" in mailoutbox[0].body


@pytest.mark.parametrize("who", ["stranger", "lid"])
def test_strangers_and_leden_cannot_decide_requests_or_manage_members(who):
    manager = MembershipFactory(beheerder=True)
    organisation = manager.organisation
    actor = UserFactory() if who == "stranger" else MembershipFactory(organisation=organisation).user
    join_request = JoinRequestFactory(organisation=organisation)
    other = MembershipFactory(organisation=organisation)
    with pytest.raises(PermissionDenied):
        services.join_request_approve(join_request=join_request, actor=actor)
    with pytest.raises(PermissionDenied):
        services.join_request_refuse(join_request=join_request, actor=actor)
    with pytest.raises(PermissionDenied):
        services.membership_set_role(membership=other, role="beheerder", actor=actor)
    with pytest.raises(PermissionDenied):
        services.membership_remove(membership=other, actor=actor)
    join_request.refresh_from_db()
    other.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING
    assert other.role == Membership.Role.LID


def test_beheerder_changes_roles_and_removes_members_with_audit_rows():
    manager = MembershipFactory(beheerder=True)
    other = MembershipFactory(organisation=manager.organisation)
    services.membership_set_role(membership=other, role="beheerder", actor=manager.user)
    other.refresh_from_db()
    assert other.role == Membership.Role.BEHEERDER
    services.membership_set_role(membership=manager, role="lid", actor=other.user)
    services.membership_remove(membership=manager, actor=other.user)
    assert not Membership.objects.filter(pk=manager.pk).exists()
    assert actions(manager.organisation) == [
        "reisgids.membership.role",
        "reisgids.membership.role",
        "reisgids.membership.remove",
    ]


def test_the_last_beheerder_can_be_neither_demoted_nor_removed():
    manager = MembershipFactory(beheerder=True)
    MembershipFactory(organisation=manager.organisation)
    with pytest.raises(ValidationError) as demote:
        services.membership_set_role(membership=manager, role="lid", actor=manager.user)
    assert "minstens één beheerder" in demote.value.messages[0]
    with pytest.raises(ValidationError):
        services.membership_remove(membership=manager, actor=manager.user)
    manager.refresh_from_db()
    assert manager.role == Membership.Role.BEHEERDER


def test_no_mail_when_the_transaction_rolls_back(mailoutbox, django_capture_on_commit_callbacks):
    manager = MembershipFactory(beheerder=True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                services.membership_request(organisation=manager.organisation, user=UserFactory())
                raise RuntimeError("rollback")
        except RuntimeError:
            pass
    assert callbacks == []
    assert mailoutbox == []
    assert not JoinRequest.objects.exists()
