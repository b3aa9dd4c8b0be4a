"""The periodic tasks Celery beat runs (`CELERY_BEAT_SCHEDULE`, imported by base.py).

One entry per task: what it does, how often (seconds). docs/operations.md lists them all.
"""

CELERY_BEAT_SCHEDULE: dict = {
    # cohorts: e-mail members before a live session (COHORTS_REMINDER_HOURS ahead).
    "cohorts-session-reminders": {"task": "cohorts.tasks.send_session_reminders", "schedule": 900},
    # cohorts: a session that has ended starts counting for attendance; certificates may be due.
    "cohorts-ended-sessions": {"task": "cohorts.tasks.announce_ended_sessions", "schedule": 600},
    # assessments: close quiz attempts past deadline + grace by the quiz's policy.
    "assessments-close-overdue-attempts": {
        "task": "assessments.tasks.close_overdue_attempts",
        "schedule": 5 * 60,
    },
    # learning: warn, then erase, learner accounts inactive beyond the retention period
    # (does nothing while SOCLE_INACTIVE_ACCOUNT_RETENTION_DAYS is unset).
    "learning-inactive-account-retention": {
        "task": "learning.tasks.inactive_accounts_retention",
        "schedule": 24 * 60 * 60,
    },
    # Wagtail: publish (and expire) what editors scheduled; docs/operations.md lists all.
    "wagtail-publish-scheduled": {"task": "learning.tasks.publish_scheduled", "schedule": 60},
    # discussions: the daily digest, once per person and day however often this runs.
    "discussions-daily-digest": {"task": "discussions.tasks.send_daily_digests", "schedule": 3600},
    # certificates: queue again renders and e-mails that a lost task left unfinished.
    "certificates-sweep": {"task": "certificates.tasks.certificates_sweep_task", "schedule": 600},
    # cohorts: record who is in each BigBlueButton meeting; write attendance when it ends.
    "cohorts-webinars-poll": {"task": "cohorts.tasks.poll_webinars", "schedule": 60},
}
