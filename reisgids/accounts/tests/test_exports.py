"""Every model that links to a person is in "download my data" or, with its reason, in the list of
what is not exported: a new model with a foreign key to the user fails here until it has a section."""

from django.apps import apps
from django.contrib.auth import get_user_model

from reisgids.accounts.exports import EXPORT_MODELS, EXPORT_SECTIONS, NOT_EXPORTED


def models_linked_to_the_user():
    """Labels of the models with a foreign key, one-to-one or many-to-many field of their own to the
    user model (inherited fields count for the model that declares them), the user model itself
    included: its groups and permissions are many-to-many fields."""
    user_model = get_user_model()
    labels = {user_model._meta.label}
    for model in apps.get_models():
        for field in model._meta.get_fields(include_hidden=True):
            if field.auto_created or not field.is_relation or field.related_model is not user_model:
                continue
            if field.model is model:
                labels.add(model._meta.label)
    return labels


def test_every_model_linked_to_the_user_is_exported_or_excluded_with_a_reason():
    covered = {label for labels in EXPORT_MODELS.values() for label in labels}
    missing = models_linked_to_the_user() - covered - set(NOT_EXPORTED)
    assert not missing, f"Add an export section (register_export_section) or a reason for: {sorted(missing)}"
    assert all(reason.strip() for reason in NOT_EXPORTED.values())


def test_sections_name_real_models_and_nothing_is_both_exported_and_excluded():
    covered = {label for labels in EXPORT_MODELS.values() for label in labels}
    for label in covered | set(NOT_EXPORTED):
        apps.get_model(label)  # raises LookupError for a typo
    assert not covered & set(NOT_EXPORTED)
    assert set(EXPORT_MODELS) == set(EXPORT_SECTIONS)


def test_the_walk_finds_the_apps_models():
    """The walk itself: models of every app and of allauth and Wagtail are found."""
    found = models_linked_to_the_user()
    for label in (
        "deals.Deal",
        "marktplaats.Message",
        "stories.Comment",
        "notifications.Notification",
        "account.EmailAddress",
        "wagtailcore.Revision",
        "wagtailusers.UserProfile",
    ):
        assert label in found
    assert "stories.StoryIndexPage" not in found  # its owner field is Wagtail's Page's
