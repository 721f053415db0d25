"""The staff roles as groups, so every installation has them: contentbeheerders, netwerkmanagers
and ambtenaren. All three reach the Wagtail admin, which requires two-factor authentication."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = {
    "Contentbeheerders": [
        "wagtailadmin.access_admin",
        "reisgids.add_instrument", "reisgids.change_instrument", "reisgids.delete_instrument",
        "reisgids.view_instrument",
        "reisgids.add_theme", "reisgids.change_theme", "reisgids.view_theme",
        "reisgids.view_organisation", "reisgids.view_contactpoint",
        "wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.choose_image",
        "wagtaildocs.add_document", "wagtaildocs.change_document", "wagtaildocs.choose_document",
    ],
    "Netwerkmanagers": [
        "wagtailadmin.access_admin",
        "reisgids.add_organisation", "reisgids.change_organisation", "reisgids.delete_organisation",
        "reisgids.view_organisation",
        "reisgids.add_contactpoint", "reisgids.change_contactpoint", "reisgids.delete_contactpoint",
        "reisgids.view_contactpoint",
        "reisgids.add_instrument", "reisgids.change_instrument", "reisgids.view_instrument",
        "reisgids.add_theme", "reisgids.change_theme", "reisgids.view_theme",
        "reisgids.view_area",
    ],
    "Ambtenaren": [
        "wagtailadmin.access_admin",
        "reisgids.add_contactpoint", "reisgids.change_contactpoint", "reisgids.view_contactpoint",
        "reisgids.view_organisation", "reisgids.view_instrument",
    ],
}


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for perm in perms:
            app_label, codename = perm.split(".")
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is not None:
                group.permissions.add(permission)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reisgids", "0002_rotterdam_areas_and_themes"),
        ("wagtailadmin", "__latest__"),
        ("wagtailimages", "__latest__"),
        ("wagtaildocs", "__latest__"),
        ("auth", "__latest__"),
        ("contenttypes", "__latest__"),
    ]
    operations = [migrations.RunPython(create_groups, remove_groups)]
