"""The three staff roles as groups, with exactly the model permissions they need.

Frozen: the groups live here, not in a file that may change. Never edit GROUPS;
give or take rights in a new migration.
"""

from django.db import migrations

# Codenames in the registry app unless prefixed with another app's label.
GROUPS = {
    "Task force": [
        "view_community", "view_contribution", "view_impactexample", "view_membership",
        "add_recommendation", "change_recommendation", "view_recommendation",
        "submit_recommendation", "add_recommendationevidence", "change_recommendationevidence",
        "delete_recommendationevidence", "view_recommendationevidence", "view_reviewround",
        "view_recognition", "view_transitionlog", "view_topic", "view_function",
        "view_activitytype", "view_scale", "view_region", "view_membertype", "view_language",
        "view_taskforce", "view_deliverable", "view_impacttype", "view_impactscale",
    ],
    "Bureau": [
        "view_community", "view_contribution", "view_impactexample", "view_membership",
        "view_recommendation", "change_recommendation", "decide_recommendation",
        "view_recommendationevidence", "add_reviewround", "change_reviewround", "view_reviewround",
        "view_recognition", "change_recognition", "withdraw_recognition", "view_transitionlog",
        "view_topic", "view_function", "view_activitytype", "view_scale", "view_region",
        "view_membertype", "view_language", "view_taskforce", "view_deliverable", "view_impacttype",
        "view_impactscale",
    ],
    "Secretariat": [
        "view_community", "change_community", "moderate_community", "add_contribution",
        "change_contribution", "delete_contribution", "view_contribution", "add_impactexample",
        "change_impactexample", "delete_impactexample", "view_impactexample", "add_membership",
        "change_membership", "delete_membership", "view_membership", "add_invitation",
        "change_invitation", "delete_invitation", "view_invitation", "view_recommendation",
        "view_recommendationevidence", "add_reviewround", "change_reviewround", "view_reviewround",
        "view_recognition", "view_transitionlog", "add_topic", "change_topic", "delete_topic",
        "view_topic", "add_function", "change_function", "delete_function", "view_function",
        "add_activitytype", "change_activitytype", "delete_activitytype", "view_activitytype",
        "add_scale", "change_scale", "delete_scale", "view_scale", "add_region", "change_region",
        "delete_region", "view_region", "add_membertype", "change_membertype", "delete_membertype",
        "view_membertype", "add_language", "change_language", "delete_language", "view_language",
        "add_taskforce", "change_taskforce", "delete_taskforce", "view_taskforce",
        "add_deliverable", "change_deliverable", "delete_deliverable", "view_deliverable",
        "add_impacttype", "change_impacttype", "delete_impacttype", "view_impacttype",
        "add_impactscale", "change_impactscale", "delete_impactscale", "view_impactscale",
        "add_user", "change_user", "view_user", "auth.add_group", "auth.change_group",
        "auth.view_group",
    ],
}


def get_permission(apps, full_codename):
    """The permission, created now if need be, named as Django's post_migrate
    create_permissions would name it (which then finds it and adds nothing)."""
    app_label, codename = full_codename.split(".") if "." in full_codename else ("registry", full_codename)
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model in apps.get_app_config(app_label).get_models():
        opts = model._meta
        names = {f"{action}_{opts.model_name}": f"Can {action} {opts.verbose_name_raw}" for action in opts.default_permissions}
        names.update(opts.permissions)
        if codename in names:
            content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=opts.model_name)
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": names[codename]}
            )
            return permission
    raise LookupError(f"No model in {app_label} has the permission {codename}")


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([get_permission(apps, full) for full in codenames])


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_reference_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
