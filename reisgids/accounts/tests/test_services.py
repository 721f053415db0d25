import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client
from wagtail.models import ModelLogEntry

from reisgids.accounts import exports, services
from reisgids.models import ContactPoint, JoinRequest, Membership, Organisation, User
from reisgids.notifications.models import Notification
from reisgids.roles import NETWORK_MANAGERS_GROUP
from reisgids.tests.factories import (
    PASSWORD,
    ContactPointFactory,
    JoinRequestFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def audit_actions(user):
    return list(ModelLogEntry.objects.filter(user=user).values_list("action", flat=True))


# --- profile_update ---------------------------------------------------------------------------


def test_profile_update_saves_names_and_preference_with_an_audit_row():
    user = UserFactory(verified=True)
    services.profile_update(
        user=user, actor=user, first_name=" Fatima ", last_name="El Amrani", notification_preference="off"
    )
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.notification_preference) == ("Fatima", "El Amrani", "off")
    assert audit_actions(user) == ["reisgids.account.profile"]


def test_profile_update_refuses_someone_else_and_unknown_preference():
    user, other = UserFactory(), UserFactory()
    with pytest.raises(PermissionError):
        services.profile_update(
            user=user, actor=other, first_name="X", last_name="Y", notification_preference="off"
        )
    with pytest.raises(ValidationError):
        services.profile_update(
            user=user, actor=user, first_name="X", last_name="Y", notification_preference="hourly"
        )
    user.refresh_from_db()
    assert user.first_name != "X"


# --- account_export ---------------------------------------------------------------------------


def test_export_holds_every_section_and_nothing_of_other_users():
    user = UserFactory(verified=True, first_name="Fatima")
    other = UserFactory(verified=True, first_name="Kees")
    membership = MembershipFactory(user=user, beheerder=True)
    MembershipFactory(user=other, organisation=membership.organisation)
    JoinRequestFactory(user=user, motivation="Ik wil meedoen")
    JoinRequestFactory(user=other, motivation="Ander verzoek")
    ContactPointFactory(user=user, name="Fatima aanspreekpunt")
    ContactPointFactory(user=other, name="Kees aanspreekpunt")
    services.profile_update(
        user=other, actor=other, first_name="Kees", last_name="", notification_preference="off"
    )

    data = services.account_export(user=user, actor=user)

    assert set(data) >= {
        "profile",
        "email_addresses",
        "memberships",
        "join_requests",
        "contact_points",
        "audit_log",
    }
    assert data["profile"]["email"] == user.email
    assert data["email_addresses"] == [{"email": user.email, "verified": True, "primary": True}]
    assert [m["organisation"] for m in data["memberships"]] == [membership.organisation.name]
    assert data["memberships"][0]["role"] == "beheerder"
    assert [j["motivation"] for j in data["join_requests"]] == ["Ik wil meedoen"]
    assert [c["name"] for c in data["contact_points"]] == ["Fatima aanspreekpunt"]
    assert [row["action"] for row in data["audit_log"]] == ["reisgids.account.export"]
    text = str(data)
    assert other.email not in text
    assert "Kees" not in text
    assert "Ander verzoek" not in text


def test_export_sections_are_extensible():
    user = UserFactory()

    @exports.register_export_section("test_extra")
    def export_extra(person):
        return {"id": person.pk}

    try:
        assert services.account_export(user=user, actor=user)["test_extra"] == {"id": user.pk}
    finally:
        del exports.EXPORT_SECTIONS["test_extra"]
        del exports.EXPORT_MODELS["test_extra"]


def test_export_refuses_another_actor():
    with pytest.raises(PermissionError):
        services.account_export(user=UserFactory(), actor=UserFactory())


# --- account_delete ---------------------------------------------------------------------------


def test_delete_anonymises_every_personal_field():
    user = UserFactory(verified=True, first_name="Fatima", last_name="El Amrani", is_staff=True)
    user.groups.add(Group.objects.get(name="Contentbeheerders"))
    TOTP.activate(user, generate_totp_secret())
    SocialAccount.objects.create(user=user, provider="gemeente", uid="abc")
    old_email = user.email

    services.account_delete(user=user, actor=user)

    user = User.objects.get(pk=user.pk)
    assert user.email != old_email
    assert user.email.endswith("@anoniem.invalid")
    assert (user.first_name, user.last_name) == ("", "")
    assert not user.has_usable_password()
    assert user.is_active is False
    assert user.is_staff is False
    assert user.anonymised_at is not None
    assert not user.groups.exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Authenticator.objects.filter(user=user).exists()
    assert not SocialAccount.objects.filter(user=user).exists()
    assert not ModelLogEntry.objects.filter(label__icontains=old_email).exists()


def test_delete_gives_unique_addresses():
    first, second = UserFactory(), UserFactory()
    services.account_delete(user=first, actor=first)
    services.account_delete(user=second, actor=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.email != second.email


def test_delete_unlinks_contact_points_and_removes_pending_join_requests_only():
    user = UserFactory(verified=True)
    point = ContactPointFactory(user=user)
    pending = JoinRequestFactory(user=user)
    decided = JoinRequestFactory(user=user, status=JoinRequest.Status.REFUSED)

    services.account_delete(user=user, actor=user)

    point.refresh_from_db()
    assert point.user is None
    assert not JoinRequest.objects.filter(pk=pending.pk).exists()
    assert JoinRequest.objects.filter(pk=decided.pk).exists()


def test_delete_hands_management_to_the_oldest_remaining_member():
    leaving = MembershipFactory(beheerder=True)
    organisation = leaving.organisation
    oldest = MembershipFactory(organisation=organisation)
    newer = MembershipFactory(organisation=organisation)

    services.account_delete(user=leaving.user, actor=leaving.user)

    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert not Membership.objects.filter(user=leaving.user).exists()
    oldest.refresh_from_db()
    newer.refresh_from_db()
    assert oldest.role == Membership.Role.BEHEERDER
    assert newer.role == Membership.Role.LID
    assert ModelLogEntry.objects.filter(action="reisgids.membership.role", object_id=str(oldest.pk)).exists()
    told = Notification.objects.get(recipient=oldest.user)
    assert organisation.name in told.subject and told.url == f"/partijen/{organisation.slug}/leden/"
    assert not Notification.objects.exclude(recipient=oldest.user).exists()


def test_delete_leaves_management_alone_when_another_beheerder_remains():
    leaving = MembershipFactory(beheerder=True)
    other_manager = MembershipFactory(organisation=leaving.organisation, beheerder=True)
    member = MembershipFactory(organisation=leaving.organisation)
    Membership.objects.filter(pk=member.pk).update(created_at=other_manager.created_at.replace(year=2000))

    services.account_delete(user=leaving.user, actor=leaving.user)

    member.refresh_from_db()
    assert member.role == Membership.Role.LID


def test_delete_keeps_an_organisation_without_other_members():
    leaving = MembershipFactory(beheerder=True)
    services.account_delete(user=leaving.user, actor=leaving.user)
    assert Organisation.objects.filter(pk=leaving.organisation_id).exists()
    assert not Membership.objects.filter(organisation=leaving.organisation).exists()


def network_manager():
    user = UserFactory(verified=True)
    user.groups.add(Group.objects.get_or_create(name=NETWORK_MANAGERS_GROUP)[0])
    return user


def test_delete_of_the_only_beheerder_of_an_organisation_without_members_tells_the_netwerkmanagers(
    django_capture_on_commit_callbacks, mailoutbox
):
    leaving = MembershipFactory(beheerder=True)
    organisation = leaving.organisation
    managers = [network_manager(), network_manager()]
    User.objects.filter(pk=managers[1].pk).update(notification_preference="direct")
    bystander = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.account_delete(user=leaving.user, actor=leaving.user)

    told = Notification.objects.filter(target_object_id=organisation.pk).order_by("recipient_id")
    assert [n.recipient_id for n in told] == [m.pk for m in managers]
    assert all(organisation.name in n.subject and n.url == f"/partijen/{organisation.slug}/" for n in told)
    assert not Notification.objects.filter(recipient=bystander).exists()
    assert [mail.to for mail in mailoutbox] == [[managers[1].email]]  # after commit, by preference
    assert list(
        ModelLogEntry.objects.filter(object_id=str(organisation.pk), action="reisgids.organisation.unmanaged")
    )


def test_delete_while_another_beheerder_remains_tells_nobody():
    leaving = MembershipFactory(beheerder=True)
    MembershipFactory(organisation=leaving.organisation, beheerder=True)
    network_manager()
    services.account_delete(user=leaving.user, actor=leaving.user)
    assert not Notification.objects.exists()
    assert not ModelLogEntry.objects.filter(action="reisgids.organisation.unmanaged").exists()


def test_delete_kills_existing_sessions_and_login():
    user = UserFactory(verified=True)
    client = Client()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/accounts/profiel/").status_code == 200

    services.account_delete(user=user, actor=user)

    response = client.get("/accounts/profiel/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_delete_writes_an_audit_row_without_personal_data():
    user = UserFactory(verified=True)
    old_email = user.email
    services.account_delete(user=user, actor=user)
    row = ModelLogEntry.objects.get(action="reisgids.account.delete")
    assert row.object_id == str(user.pk)
    assert old_email not in str(row.data) and old_email not in row.label


def test_delete_refuses_another_actor_and_a_second_time():
    user = UserFactory()
    with pytest.raises(PermissionError):
        services.account_delete(user=user, actor=UserFactory())
    services.account_delete(user=user, actor=user)
    user.refresh_from_db()
    with pytest.raises(ValidationError):
        services.account_delete(user=user, actor=user)


def test_delete_is_atomic(monkeypatch):
    """A failure half-way leaves everything as it was."""
    membership = MembershipFactory(beheerder=True)
    MembershipFactory(organisation=membership.organisation)
    user = membership.user

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ContactPoint.objects, "filter", explode)
    with pytest.raises(RuntimeError):
        services.account_delete(user=user, actor=user)
    user.refresh_from_db()
    assert user.is_active and user.anonymised_at is None
    assert Membership.objects.filter(user=user, role=Membership.Role.BEHEERDER).exists()
    assert Membership.objects.filter(organisation=membership.organisation, role="beheerder").count() == 1
