"""Creates the "Runner sign-up review" workflow (the Moderators group reviews). It is assigned to no
page: stories.runners.flow starts it on a runner's page when they sign up or change their story or photo,
so staff's own edits to events and runners keep the workflow they have."""

from django.db import migrations

WORKFLOW_NAME = "Runner sign-up review"
TASK_NAME = "Moderators read the runner's page"


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    ReviewTask = apps.get_model("stories", "RunnerSignupReviewTask")

    task_type, _ = ContentType.objects.get_or_create(app_label="stories", model="runnersignupreviewtask")
    task = ReviewTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = ReviewTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.set(Group.objects.filter(name="Moderators"))
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})


def remove_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0012_runner_signups_thanks_milestones"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
