"""People for the load test, created inside the cluster on top of the demo data (JSON out).

`learners` learners in cohorts of 40, one trainer per cohort (with a TOTP authenticator, as
production requires for staff), all enrolled in the demo course that has a quiz.
"""

import json
from datetime import timedelta

PASSWORD = "load-test-passphrase-2026"  # noqa: S105 - throwaway accounts on loopback


def seed(learners: int = 200, cohort_size: int = 40) -> None:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.utils import timezone

    from assessments.models import QuizPage
    from certificates.models import Certificate
    from cohorts import services as cohorts
    from cohorts.models import MembershipSource
    from courses.models import CoursePage, LessonPage
    from learning.roles import Role
    from learning.services import user_create

    today = timezone.now().date()
    from learning.locales import default_locale_id

    quiz = QuizPage.objects.live().filter(locale_id=default_locale_id()).order_by("path").first()
    course = CoursePage.objects.live().ancestor_of(quiz).first()
    lessons = LessonPage.objects.live().descendant_of(course).order_by("path")[:6]
    trainers, members = [], []
    cohort = None
    for number in range(learners):
        if number % cohort_size == 0:
            trainer = user_create(
                email=f"load-trainer{len(trainers)}@load.example.org",
                password=PASSWORD,
                full_name=f"Load Trainer {len(trainers)}",
                roles=(Role.TRAINER,),
            )
            secret = generate_totp_secret()
            TOTP.activate(trainer, secret)
            cohort = cohorts.cohort_create(
                course=course,
                trainers=[trainer],
                name=f"Load cohort {len(trainers)}",
                start_date=today - timedelta(days=7),
                end_date=today + timedelta(days=35),
            )
            trainers.append({"email": trainer.email, "totp": secret, "cohort": cohort.pk})
        user = user_create(
            email=f"load{number}@load.example.org",
            password=PASSWORD,
            full_name=f"Load Learner {number}",
        )
        cohorts.membership_create(cohort=cohort, user=user, source=MembershipSource.INVITATION)
        members.append(user.email)
    # The codes as printed under the QR code: a bare code is redirected, a second lookup.
    codes = [c.display_code for c in Certificate.objects.filter(status="valid")[:20]]
    print(
        json.dumps(
            {
                "password": PASSWORD,
                "learners": members,
                "trainers": trainers,
                "lessons": [lesson.url for lesson in lessons],
                "course": course.pk,
                "course_url": course.url,
                "quiz": quiz.pk,
                "quiz_url": quiz.url,
                "certificates": codes,
            }
        )
    )
