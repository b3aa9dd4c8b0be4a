# One spelling for identifiers: "enrollment", as in courses.Enrollment. Labels keep "enrolment".

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0006_live_session_cancel_and_changes"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="cohort",
            name="cohort_enrolment_window_ordered",
        ),
        migrations.RenameField(
            model_name="cohort",
            old_name="enrolment_opens",
            new_name="enrollment_opens",
        ),
        migrations.RenameField(
            model_name="cohort",
            old_name="enrolment_closes",
            new_name="enrollment_closes",
        ),
        migrations.RenameField(
            model_name="cohort",
            old_name="enrolment_mode",
            new_name="enrollment_mode",
        ),
        migrations.AddConstraint(
            model_name="cohort",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("enrollment_opens__isnull", True),
                    ("enrollment_closes__isnull", True),
                    ("enrollment_closes__gte", models.F("enrollment_opens")),
                    _connector="OR",
                ),
                name="cohort_enrollment_window_ordered",
            ),
        ),
    ]
