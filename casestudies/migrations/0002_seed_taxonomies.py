from django.db import migrations


def seed(apps, schema_editor):
    from casestudies.taxonomy_seed import SEED

    for model_name, rows in SEED.items():
        model = apps.get_model("casestudies", model_name)
        for slug, name in rows:
            model.objects.get_or_create(slug=slug, defaults={"name": name})
    apps.get_model("auth", "Group").objects.get_or_create(name="Case-study reviewers")


class Migration(migrations.Migration):
    dependencies = [("casestudies", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
