# ruff: noqa: E501 - the participant table reads best one person per line
"""Demo data of the programmes app: a leadership programme grouping the running governance
cohort (cohorts.demo) with last year's spring cohort of the same course, and a partner who
reads its report. Idempotent; built through the services."""

import secrets
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from certificates.services import certificate_issue_if_due
from cohorts import services as cohort_services
from cohorts.demo import COHORT_NAME, COURSE_SLUG, TRAINER_EMAIL
from cohorts.models import Attendance, Cohort, LiveSession, MembershipSource
from courses.demo import step_finish_for_demo
from courses.models import CoursePage
from courses.selectors import course_steps
from learning.locales import default_locale_id
from learning.models import User
from learning.roles import Role
from learning.services import user_create

from . import services

PROGRAMME_NAME = "Social Protection Leadership Programme"
PARTNER_EMAIL = "partner@example.org"
SPRING_COHORT_NAME = "Governance of social security — ITC Turin cohort, spring (last year)"
SPRING_COMPLETERS = 9  # the first participants finish the course (and earn certificates)

# (full name, e-mail, country, organisation, organisation type, sex, language)
SPRING_PARTICIPANTS = [
    ("Зарина Саидова", "z.saidova@asp-tj.example", "TJ", "Agency of Social Protection", "social_security", "female", "ru"),
    ("Бахтиёр Умаров", "b.umarov@mlsp-tj.example", "TJ", "Ministry of Labour, Migration and Employment", "ministry", "male", "ru"),
    ("ພອນສະຫວັນ ສີລາ", "phone.s@lsso-la.example", "LA", "Lao Social Security Organisation", "social_security", "female", "lo"),
    ("Jean Paul Habimana", "jp.habimana@rssb-rw.example", "RW", "Rwanda Social Security Board", "social_security", "male", "fr"),
    ("Diane Mukamana", "d.mukamana@minaloc-rw.example", "RW", "Ministry of Local Government", "ministry", "female", "en"),
    ("Otabek Rakhimov", "o.rakhimov@nasp-uz.example", "UZ", "National Agency for Social Protection", "social_security", "male", "ru"),
    ("Salma Idrissi", "s.idrissi@cnss-ma.example", "MA", "Caisse nationale de sécurité sociale", "social_security", "female", "fr"),
    ("Fatou Sow", "f.sow@ipres-sn.example", "SN", "Institution de prévoyance retraite du Sénégal", "social_security", "female", "fr"),
    ("Peter Kamau", "p.kamau@nssf-ke.example", "KE", "National Social Security Fund", "social_security", "male", "en"),
    ("Lê Thu Trang", "trang.lt@vss-vn.example", "VN", "Vietnam Social Security", "social_security", "female", "en"),
    ("Dewi Lestari", "dewi.l@bpjs-id.example", "ID", "BPJS Kesehatan", "social_security", "female", "en"),
    ("Juan Pablo Gómez", "jp.gomez@mintrabajo-co.example", "CO", "Ministerio del Trabajo", "ministry", "male", "es"),
    ("Rosa Huamán", "r.huaman@midis-pe.example", "PE", "Ministerio de Desarrollo e Inclusión Social", "ministry", "female", "es"),
    ("Ерлан Жумабаев", "e.zhumabaev@enbek-kz.example", "KZ", "Ministry of Labour and Social Protection", "ministry", "male", "ru"),
    ("Kofi Asante", "k.asante@ssnit-gh.example", "GH", "Social Security and National Insurance Trust", "social_security", "male", "en"),
    ("Rania Khalil", "r.khalil@ssc-jo.example", "JO", "Social Security Corporation", "social_security", "female", "ar"),
]  # fmt: skip

SPRING_SESSIONS = [
    (6, "Webinar 1: Convention 102 and Recommendation 202 in practice"),
    (20, "Webinar 2: institutional set-up and good governance"),
]


def _spring_cohort(course: CoursePage) -> Cohort:
    cohort = Cohort.objects.filter(name=SPRING_COHORT_NAME).first()
    if cohort is not None:
        return cohort
    year = timezone.now().year - 1
    trainer = User.objects.filter(email=TRAINER_EMAIL).first()
    start = date(year, 3, 2)
    return cohort_services.cohort_create(
        course=course,
        name=SPRING_COHORT_NAME,
        start_date=start,
        end_date=start + timedelta(days=41),
        time_zone="Europe/Rome",
        enrollment_mode="import",
        attendance_threshold=50,
        trainers=[trainer] if trainer else [],
    )


def _spring_sessions(cohort: Cohort) -> list[LiveSession]:
    for day, title in SPRING_SESSIONS:
        if not LiveSession.objects.filter(cohort=cohort, title=title).exists():
            start = datetime.combine(cohort.start_date + timedelta(days=day), time(12), cohort.tz)
            cohort_services.live_session_create(
                cohort=cohort,
                title=title,
                starts_at=start,
                duration_minutes=90,
                join_url="https://meet.jit.si/socle-governance-spring",
                reminder_sent_at=start - timedelta(hours=24),
            )
    return list(LiveSession.objects.filter(cohort=cohort).order_by("starts_at"))


def _spring_participants(cohort: Cohort, course: CoursePage) -> None:
    """Everyone joins; most attend the webinars; the first SPRING_COMPLETERS finish the course.
    Finish first, attend after: the completion signal then finds no certificate due (the
    cohort asks for attendance), and the demo issues without e-mailing anyone."""
    steps = course_steps(course)
    sessions = _spring_sessions(cohort)
    learners = []
    for index, (name, email, country, org, org_type, sex, language) in enumerate(
        SPRING_PARTICIPANTS
    ):
        user = user_create(
            email=email,
            password=None,
            full_name=name,
            country=country,
            organisation=org,
            organisation_type=org_type,
            sex=sex,
            preferred_language=language,
        )
        cohort_services.membership_create(cohort=cohort, user=user, source=MembershipSource.IMPORT)
        learners.append(user)
        if index < SPRING_COMPLETERS:
            for step in steps:
                # Quizzes through a real passing attempt; already finished steps stay finished.
                if not step_finish_for_demo(user=user, step=step):
                    break
    for number, session in enumerate(sessions):
        for index, user in enumerate(learners):
            if (index + number) % 7 == 6 or Attendance.objects.filter(session=session, user=user):
                continue  # did not connect, or recorded by an earlier load
            cohort_services.attendance_record(
                session=session, user=user, source="import", minutes=90, notify=False
            )
    for user in learners[:SPRING_COMPLETERS]:
        certificate_issue_if_due(user=user, course=course, notify=False)


def _partner(*, stdout, reset_passwords: bool) -> User:
    existing = User.objects.filter(email=PARTNER_EMAIL).first()
    password = secrets.token_urlsafe(12) if existing is None or reset_passwords else None
    user = user_create(
        email=PARTNER_EMAIL,
        password=password,
        full_name="Demo funder (partner)",
        roles=(Role.PARTNER,),
        country="DE",
        organisation="Development partner",
        organisation_type="development_partner",
        preferred_language="en",
    )
    if existing is not None and password:
        user.set_password(password)
        user.save(update_fields=["password"])
    if password:
        stdout.write(f"  {Role.PARTNER.label}: {PARTNER_EMAIL} / {password}")
    return user


@transaction.atomic
def load(*, stdout, reset_passwords: bool = False) -> None:
    course = CoursePage.objects.filter(locale_id=default_locale_id(), slug=COURSE_SLUG).first()
    autumn = Cohort.objects.filter(name=COHORT_NAME).first()
    if course is None or autumn is None:
        stdout.write("programmes: the demo cohort is missing (load cohorts.demo first).")
        return
    spring = _spring_cohort(course)
    _spring_participants(spring, course)
    programme = services.programme_ensure(
        name=PROGRAMME_NAME,
        funder="GIZ",
        description=(
            "Two cohorts of the governance course for leaders of social-security institutions "
            "and ministries, reported to the funder as one programme."
        ),
        cohorts=[autumn, spring],
    )
    services.programme_partner_add(
        programme=programme, user=_partner(stdout=stdout, reset_passwords=reset_passwords)
    )
    stdout.write(
        f"programmes: “{programme.name}” with {programme.cohorts.count()} cohorts and "
        f"the partner {PARTNER_EMAIL}."
    )
