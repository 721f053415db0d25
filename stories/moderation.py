"""The moderation set-up of the stories, shared by the data migration and tests (a flushed test
database loses migration data): the group Contentbeheerders gets a Wagtail workflow with one
GroupApprovalTask on ``/verhalen/``, page rights to review and publish there, and the rights for the
comment queue in /beheer/. Works on historical models (``apps``) and is idempotent."""

from reisgids.roles import CONTENT_MANAGERS_GROUP

WORKFLOW_NAME = "Verhalen beoordelen"
TASK_NAME = "Goedkeuring door contentbeheerders"
COMMENT_PERMISSIONS = ["view_comment", "change_comment", "view_commentreport"]
PAGE_PERMISSIONS = ["change_page", "publish_page"]


def ensure_story_moderation(apps=None):
    """Create what is missing (the index page too); returns the workflow."""
    if apps is None:
        from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from atlas.treebuild import add_child_page, home_page
    from stories.apps import INDEX_INTRO, INDEX_SLUG, INDEX_TITLE

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    if not Permission.objects.filter(content_type__app_label="stories", codename="change_comment").exists():
        for app_config in apps.get_app_configs():
            if app_config.label in ("stories", "wagtailcore", "wagtailadmin"):
                app_config.models_module = True
                create_permissions(app_config, apps=apps, verbosity=0)
                app_config.models_module = None

    index = add_child_page(
        apps, home_page(apps), "stories.StoryIndexPage", title=INDEX_TITLE, slug=INDEX_SLUG, intro=INDEX_INTRO
    )
    StoryIndexPage = apps.get_model("stories", "StoryIndexPage")
    StoryIndexPage.objects.filter(pk=index.pk, intro="").update(intro=INDEX_INTRO)
    index = Page.objects.get(pk=index.pk)
    group, _created = Group.objects.get_or_create(name=CONTENT_MANAGERS_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="stories", codename__in=COMMENT_PERMISSIONS),
        *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"),
    )
    page_permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS
    )
    for permission in page_permissions:
        GroupPagePermission.objects.get_or_create(group=group, page=index, permission=permission)

    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        content_type, _created = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(name=TASK_NAME, active=True, content_type=content_type)
    task.groups.add(group)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow
