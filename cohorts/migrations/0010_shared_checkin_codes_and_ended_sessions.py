# One shared check-in code per live session (every member types it during the session's
# window), and the end of a session stored so that "only sessions already held count" is one
# indexed comparison (docs/decisions/cohorts-check-in.md).

from datetime import timedelta

from django.db import migrations, models
from django.db.models import Q


def fill_ends_at(apps, schema_editor):
    LiveSession = apps.get_model("cohorts", "LiveSession")
    for session in LiveSession.objects.only("pk", "starts_at", "duration_minutes").iterator():
        LiveSession.objects.filter(pk=session.pk).update(
            ends_at=session.starts_at + timedelta(minutes=session.duration_minutes)
        )


def drop_single_use_codes(apps, schema_editor):
    # Codes of the old kind lived ten minutes and checked in one person: none is worth keeping.
    apps.get_model("cohorts", "CheckInCode").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0009_bigbluebutton_meetings"),
    ]

    operations = [
        migrations.AddField(
            model_name="livesession",
            name="ends_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="end"),
        ),
        migrations.RunPython(fill_ends_at, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="livesession",
            name="ends_at",
            field=models.DateTimeField(
                blank=True, db_index=True, editable=False, verbose_name="end"
            ),
        ),
        # Left empty for the sessions already held: the first run of the beat task announces
        # them, so certificates that the new rule (held sessions only) makes due are issued.
        migrations.AddField(
            model_name="livesession",
            name="ended_announced_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(drop_single_use_codes, migrations.RunPython.noop),
        migrations.RemoveField(model_name="checkincode", name="used_by"),
        migrations.RemoveField(model_name="checkincode", name="used_at"),
        migrations.RemoveField(model_name="checkincode", name="expires_at"),
        migrations.AddField(
            model_name="checkincode",
            name="replaced_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddConstraint(
            model_name="checkincode",
            constraint=models.UniqueConstraint(
                condition=Q(replaced_at__isnull=True),
                fields=("session",),
                name="checkin_code_one_current_per_session",
            ),
        ),
    ]
