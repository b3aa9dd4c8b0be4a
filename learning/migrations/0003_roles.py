"""Create the four role groups.

Wagtail's default "Moderators" and "Editors" groups are removed by roles_sync, once every
Wagtail migration that still refers to them has run. Permissions are granted by learning.services.roles_sync after every migrate, so that apps
added later are covered (see learning/roles.py).
"""

from django.db import migrations

ROLES = ["Learner", "Trainer", "Content editor", "Administrator"]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0002_homepage"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
