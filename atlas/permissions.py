"""Wagtail page permissions of the Contentbeheerders group (created by reisgids migration 0003):
add, change and publish every page under the home page and under its English version, and make a
page's English version ("Translate" in /beheer/, ``wagtail.contrib.simple_translation``). Run by
migration 0004 and by ``seed_atlas``; tests that flush the database call it again."""

from reisgids.roles import CONTENT_MANAGERS_GROUP

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


def grant_content_editors(apps=None):
    if apps is None:
        from django.apps import apps
    from atlas.treebuild import home_page

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    group, _created = Group.objects.get_or_create(name=CONTENT_MANAGERS_GROUP)
    home = home_page(apps)
    Page = apps.get_model("wagtailcore", "Page")
    homes = Page.objects.filter(translation_key=home.translation_key).values_list("pk", flat=True)
    for codename in PAGE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        for page_id in homes:
            GroupPagePermission.objects.get_or_create(group=group, page_id=page_id, permission=permission)
    # Absent while migrating before simple_translation's own migration.
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="simple_translation", codename="submit_translation"
        )
    )
    return group
