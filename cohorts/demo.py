# ruff: noqa: E501 - the participant table reads best one person per line
"""Demo data of the cohorts app: one running six-week cohort of the governance course with 40
participants from 28 countries, four webinars (two held, with attendance; two to come) and
progress spread the way a real cohort spreads. Idempotent; built through the services."""

import zlib
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from courses.demo import step_finish_for_demo
from courses.models import CoursePage, StepProgress
from courses.selectors import course_steps
from learning.services import user_create

from . import selectors, services
from .gradebook import cohort_gradebook
from .hooks import attendance_changed
from .models import Attendance, Cohort, GradeOverride, LiveSession, MembershipSource

COHORT_NAME = "Governance of social security — ITC Turin cohort, autumn"
COURSE_SLUG = "governance-of-social-security"
TRAINER_EMAIL = "trainer@socle.example"

# (full name as written in the person's script, e-mail, country, organisation,
#  organisation type, sex, language, time zone)
PARTICIPANTS = [
    ("Малика Рахимова", "m.rahimova@asp-tj.example", "TJ", "Agency of Social Protection", "social_security", "female", "ru", "Asia/Dushanbe"),
    ("Фарход Назаров", "f.nazarov@mlsp-tj.example", "TJ", "Ministry of Labour, Migration and Employment", "ministry", "male", "ru", "Asia/Dushanbe"),
    ("ສົມໃຈ ພົມມະຈັນ", "somchai.p@lsso-la.example", "LA", "Lao Social Security Organisation", "social_security", "male", "lo", "Asia/Vientiane"),
    ("ບຸນມີ ແກ້ວມະນີ", "bounmy.k@molsw-la.example", "LA", "Ministry of Labour and Social Welfare", "ministry", "female", "lo", "Asia/Vientiane"),
    ("王丽", "wang.li@mohrss-cn.example", "CN", "Ministry of Human Resources and Social Security", "ministry", "female", "zh-hans", "Asia/Shanghai"),
    ("陈建国", "chen.jianguo@ssf-cn.example", "CN", "National Council for Social Security Fund", "social_security", "male", "zh-hans", "Asia/Shanghai"),
    ("Claudine Uwimana", "c.uwimana@rssb-rw.example", "RW", "Rwanda Social Security Board", "social_security", "female", "fr", "Africa/Kigali"),
    ("Eric Nshimiyimana", "e.nshimiyimana@minaloc-rw.example", "RW", "Ministry of Local Government", "ministry", "male", "en", "Africa/Kigali"),
    ("Дилноза Каримова", "d.karimova@nasp-uz.example", "UZ", "National Agency for Social Protection", "social_security", "female", "ru", "Asia/Tashkent"),
    ("Jasur Toshmatov", "j.toshmatov@mef-uz.example", "UZ", "Ministry of Economy and Finance", "ministry", "male", "ru", "Asia/Tashkent"),
    ("فاطمة الزهراء بنعلي", "f.benali@cnss-ma.example", "MA", "Caisse nationale de sécurité sociale", "social_security", "female", "ar", "Africa/Casablanca"),
    ("Youssef El Amrani", "y.elamrani@finances-ma.example", "MA", "Ministère de l'Économie et des Finances", "ministry", "male", "fr", "Africa/Casablanca"),
    ("Aminata Diallo", "a.diallo@ipres-sn.example", "SN", "Institution de prévoyance retraite du Sénégal", "social_security", "female", "fr", "Africa/Dakar"),
    ("Moussa Ndiaye", "m.ndiaye@dgpsn-sn.example", "SN", "Délégation générale à la protection sociale", "ministry", "male", "fr", "Africa/Dakar"),
    ("Kwame Mensah", "k.mensah@ssnit-gh.example", "GH", "Social Security and National Insurance Trust", "social_security", "male", "en", "Africa/Accra"),
    ("Abena Owusu", "a.owusu@ug-gh.example", "GH", "University of Ghana, Centre for Social Policy", "academia", "female", "en", "Africa/Accra"),
    ("Grace Wanjiku", "g.wanjiku@nssf-ke.example", "KE", "National Social Security Fund", "social_security", "female", "en", "Africa/Nairobi"),
    ("Otieno Odhiambo", "o.odhiambo@cotu-ke.example", "KE", "Central Organization of Trade Unions", "civil_society", "male", "en", "Africa/Nairobi"),
    ("Nguyễn Thị Hương", "huong.nt@vss-vn.example", "VN", "Vietnam Social Security", "social_security", "female", "en", "Asia/Ho_Chi_Minh"),
    ("Trần Văn Minh", "minh.tv@molisa-vn.example", "VN", "Ministry of Labour, Invalids and Social Affairs", "ministry", "male", "en", "Asia/Ho_Chi_Minh"),
    ("Siti Rahmawati", "siti.r@bpjs-id.example", "ID", "BPJS Ketenagakerjaan", "social_security", "female", "en", "Asia/Jakarta"),
    ("Budi Santoso", "budi.s@bappenas-id.example", "ID", "Ministry of National Development Planning", "ministry", "male", "en", "Asia/Jakarta"),
    ("María Fernanda López", "mf.lopez@mintrabajo-co.example", "CO", "Ministerio del Trabajo", "ministry", "female", "es", "America/Bogota"),
    ("Carlos Andrés Ramírez", "ca.ramirez@colpensiones-co.example", "CO", "Colpensiones", "social_security", "male", "es", "America/Bogota"),
    ("Lucía Quispe Mamani", "l.quispe@midis-pe.example", "PE", "Ministerio de Desarrollo e Inclusión Social", "ministry", "female", "es", "America/Lima"),
    ("Ana Sofía Hernández", "as.hernandez@imss-mx.example", "MX", "Instituto Mexicano del Seguro Social", "social_security", "female", "es", "America/Mexico_City"),
    ("Айгерим Сапарова", "a.saparova@enbek-kz.example", "KZ", "Ministry of Labour and Social Protection", "ministry", "female", "ru", "Asia/Almaty"),
    ("Нурлан Абенов", "n.abenov@sf-kg.example", "KG", "Social Fund of the Kyrgyz Republic", "social_security", "male", "ru", "Asia/Bishkek"),
    ("محمد الحسن", "m.alhassan@ssc-jo.example", "JO", "Social Security Corporation", "social_security", "male", "ar", "Asia/Amman"),
    ("ليلى حداد", "l.haddad@cnss-tn.example", "TN", "Caisse nationale de sécurité sociale", "social_security", "female", "ar", "Africa/Tunis"),
    ("प्रिया शर्मा", "priya.sharma@labour-in.example", "IN", "Ministry of Labour and Employment", "ministry", "female", "en", "Asia/Kolkata"),
    ("सीता गुरुङ", "sita.gurung@ssf-np.example", "NP", "Social Security Fund Nepal", "social_security", "female", "en", "Asia/Kathmandu"),
    ("Tendai Moyo", "t.moyo@nssa-zw.example", "ZW", "National Social Security Authority", "social_security", "male", "en", "Africa/Harare"),
    ("Chipo Banda", "c.banda@mw-gov.example", "MW", "Ministry of Gender, Community Development and Social Welfare", "ministry", "female", "en", "Africa/Blantyre"),
    ("Mamadou Traoré", "m.traore@inps-ml.example", "ML", "Institut national de prévoyance sociale", "social_security", "male", "fr", "Africa/Bamako"),
    ("ሐና ተስፋዬ", "hanna.tesfaye@pssa-et.example", "ET", "Private Organization Employees' Social Security Agency", "social_security", "female", "en", "Africa/Addis_Ababa"),
    ("أحمد حسن", "a.hassan@nosi-eg.example", "EG", "National Organization for Social Insurance", "social_security", "male", "ar", "Africa/Cairo"),
    ("ခင်မြတ်နိုး", "khin.myat@ssb-mm.example", "MM", "Social Security Board", "social_security", "female", "en", "Asia/Yangon"),
    ("ចាន់ សុខា", "sokha.chan@nssf-kh.example", "KH", "National Social Security Fund", "social_security", "male", "en", "Asia/Phnom_Penh"),
    ("Sophie Lambert", "s.lambert@enabel-be.example", "BE", "Enabel, Belgian development agency", "development_partner", "female", "fr", "Europe/Brussels"),
]  # fmt: skip

SESSIONS = [
    # (day after the start, hour in Turin, title, description)
    (6, 12, "Webinar 1: Convention 102 and Recommendation 202 in practice",
     "How minimum standards and the social protection floor shape national law. Bring one "
     "provision of your country's social-security law you would like to discuss."),
    (13, 12, "Webinar 2: institutional set-up and good governance",
     "Boards, supervision and accountability of social-security institutions, with a case "
     "from the Rwanda Social Security Board."),
    (27, 12, "Webinar 3: extending coverage to the informal economy",
     "Simplified contributions, subsidies and digital channels for self-employed, seasonal "
     "and migrant workers."),
    (34, 12, "Webinar 4: action plans and closing session",
     "Participants present the governance reform they will steer at home; peer feedback."),
]  # fmt: skip


def _rank(email: str) -> int:
    """A stable pseudo-random number per participant (0-99), so the demo is the same each run."""
    return zlib.crc32(email.encode()) % 100


@transaction.atomic
def load(*, stdout) -> None:
    course = CoursePage.objects.filter(slug=COURSE_SLUG).first()
    if course is None:
        stdout.write("cohorts: the governance course is missing (load courses.demo first).")
        return
    User = get_user_model()
    trainer = User.objects.filter(email=TRAINER_EMAIL).first()
    today = timezone.now().astimezone(timezone.get_default_timezone()).date()
    cohort = Cohort.objects.filter(name=COHORT_NAME).first()
    if cohort is None:
        start = today - timedelta(days=20)
        cohort = services.cohort_create(
            course=course,
            name=COHORT_NAME,
            start_date=start,
            end_date=start + timedelta(days=41),
            time_zone="Europe/Rome",
            capacity=45,
            enrollment_mode="join_link",
            enrollment_closes=start + timedelta(days=7),
            pacing="scheduled",
            presence_percent=60,
            attendance_threshold=50,
            inactivity_days=7,
            trainers=[trainer] if trainer else [],
        )
    steps = course_steps(course)
    modules = []
    for step in steps:
        parent = step.get_parent()
        if parent.pk not in [m.pk for m in modules]:
            modules.append(parent)
    for index, module in enumerate(modules):
        services.module_schedule_set(
            cohort=cohort, module=module, release_day=index * 14, due_day=(index + 1) * 14 - 1
        )

    learners = []
    for name, email, country, org, org_type, sex, language, zone in PARTICIPANTS:
        user = user_create(
            email=email,
            password=None,
            full_name=name,
            country=country,
            organisation=org,
            organisation_type=org_type,
            sex=sex,
            preferred_language=language,
            time_zone=zone,
        )
        services.membership_create(cohort=cohort, user=user, source=MembershipSource.IMPORT)
        learners.append(user)

    for day, hour, title, description in SESSIONS:
        if LiveSession.objects.filter(cohort=cohort, title=title).exists():
            continue
        local = datetime.combine(cohort.start_date + timedelta(days=day), time(hour), cohort.tz)
        services.live_session_create(
            cohort=cohort,
            title=title,
            description=description,
            starts_at=local,
            duration_minutes=90,
            join_url="https://meet.jit.si/socle-governance-autumn",
            materials="https://www.ilo.org/global/standards/lang--en/index.htm",
            reminder_sent_at=local - timedelta(hours=24) if local < timezone.now() else None,
        )
    now = timezone.now()
    for number, session in enumerate(LiveSession.objects.filter(cohort=cohort, starts_at__lt=now)):
        if session.ends_at > now or Attendance.objects.filter(session=session).exists():
            continue
        if number == 1 and not session.recording_url:
            services.live_session_update(
                session=session, recording_url="https://example.org/recordings/webinar-2"
            )
        for user in learners:
            rank = (_rank(user.email) + 37 * number) % 100
            if rank < 12:
                continue  # did not connect
            minutes = 90 if rank > 40 else 20 + rank
            services.attendance_record(
                session=session,
                user=user,
                source="import",
                minutes=min(minutes, 90),
                notify=False,
            )
        # One notice per session, as an import gives (not one certificate task per row).
        attendance_changed(course_id=course.pk, user_ids=[user.pk for user in learners])

    # Progress: most of the cohort is in module 1 or 2; a few are ahead, a few have stalled.
    # Only the modules the schedule has released can be done (courses enforces the dates).
    locked = (
        selectors.unreleased_modules(user=learners[0], course_ids=[course.pk]) if learners else {}
    )
    open_steps = [step for step in steps if step.get_parent().pk not in locked]
    for user in learners:
        rank = _rank(user.email)
        done = round(len(open_steps) * min(rank, 90) / 100)
        last_active = now - timedelta(days=12 if rank < 15 else rank % 5)
        for position, step in enumerate(open_steps[:done]):
            # Quizzes through a real passing attempt (courses' demo_step_pass hook).
            if not step_finish_for_demo(user=user, step=step):
                break
            moment = last_active - timedelta(days=done - position - 1)
            StepProgress.objects.filter(user=user, step=step).update(
                started_at=moment - timedelta(minutes=20), completed_at=moment
            )
    _demo_grade_override(cohort=cohort, trainer=trainer)
    stdout.write(
        f"cohorts: “{cohort.name}” with {len(learners)} participants from "
        f"{len({p[2] for p in PARTICIPANTS})} countries and {len(SESSIONS)} live sessions."
    )


def _demo_grade_override(*, cohort, trainer) -> None:
    """One trainer's override in the gradebook, through the service (once: idempotent)."""
    if trainer is None or GradeOverride.objects.filter(cohort=cohort).exists():
        return
    book = cohort_gradebook(cohort=cohort)
    for row in book.rows:
        for cell in row.cells:
            if cell.computed is not None:
                services.grade_override_set(
                    cohort=cohort,
                    actor=trainer,
                    user_id=row.user.pk,
                    item_key=cell.item.key,
                    score=max(0, round(cell.computed) - 5),
                    reason="Handed in late: five points off, as the cohort agreed.",
                )
                return
