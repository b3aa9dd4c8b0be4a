"""Demo data of certificates: templates, which courses award one, and issued certificates.

Built through the services and idempotent. Runs after the courses and assessments demos;
learners with names in several scripts finish the first demo course so that their
certificates show Cyrillic, Arabic, Lao and Chinese on the PDF.
"""

from decimal import Decimal
from pathlib import Path

from django.db import transaction

from courses.demo import step_finish_for_demo
from courses.models import CoursePage
from courses.selectors import course_steps
from courses.services import enrollment_create
from learning.contentfiles import read_yaml, require
from learning.locales import default_locale_id
from learning.models import User
from learning.services import user_create
from learning.translated_snippets import translation_ensure

from .defaults import certificate_default_template_set
from .models import Certificate, CertificateTemplate, CourseCertificateSettings, Signatory
from .services import certificate_issue, certificate_issue_if_due, certificate_revoke

# The template and its translations, one file per language (English is the source): a
# learner's certificate is printed in the one of their language, else in English.
CONTENT = Path(__file__).resolve().parent / "demo" / "content"
SOURCE_LANGUAGE = "en"


def template_files() -> dict[str, dict]:
    """Language code -> the fields of that language's certificate.yaml (checked)."""
    found = {}
    for path in sorted(CONTENT.glob("*/certificate.yaml")):
        spec = read_yaml(path)
        require(path, spec, "name", "title", "body", "signatories")
        found[path.parent.name] = spec
    return found


# (e-mail, name, country, preferred language)
DEMO_GRADUATES = [
    ("fatima.alzahra@socle.example", "فاطمة الزهراء العلوي", "MA", "ar"),
    ("somsak.phommavong@socle.example", "ສົມສັກ ພົມມະວົງ", "LA", "lo"),
    ("zhang.wei@socle.example", "张伟", "CN", "zh-hans"),
    ("abdullo.gafurov@socle.example", "Абдуллоҳ Ғафуров", "TJ", "ru"),
]


@transaction.atomic
def templates_ensure() -> CertificateTemplate:
    """The demo template in English (the source) with its translations."""
    files = template_files()
    spec = dict(files.pop(SOURCE_LANGUAGE))
    signatories = spec.pop("signatories")
    template = CertificateTemplate.objects.filter(
        name=spec["name"], locale_id=default_locale_id()
    ).first()
    if template is None:
        template = CertificateTemplate.objects.create(**spec)
        for order, row in enumerate(signatories):
            Signatory.objects.create(
                template=template, name=row["name"], role=row.get("role", ""), sort_order=order
            )
    template.full_clean()
    for language, fields in files.items():
        fields = {k: v for k, v in fields.items() if k != "issuer_name"}
        rows = fields.pop("signatories")
        translation_ensure(template, language, **fields, children={"signatories": rows})
    return template


def _courses():
    return list(CoursePage.objects.live().filter(locale_id=default_locale_id()).order_by("path"))


def _finish(user, course) -> None:
    enrollment_create(user=user, course=course)
    for step in course_steps(course):
        # A quiz is passed through a real attempt; a step that cannot be finished (locked,
        # or an activity with no demo path) ends the learner's run: nothing is faked.
        if getattr(step, "is_required", True) and not step_finish_for_demo(user=user, step=step):
            break


def load(*, stdout) -> None:
    english = templates_ensure()
    # Courses an editor adds later without a template of their own still award a certificate.
    certificate_default_template_set(template=english)
    courses = _courses()
    if not courses:
        stdout.write("  certificates: no demo course found; templates only.")
        return
    first = courses[0]
    administrator = User.objects.filter(is_superuser=True).order_by("pk").first()
    graduates = [
        user_create(
            email=email,
            password=None,
            full_name=name,
            country=country,
            preferred_language=lang,
            organisation="Demo graduate",
        )
        for email, name, country, lang in DEMO_GRADUATES
    ]
    learners = list(User.objects.filter(email="learner@socle.example")) + graduates
    # Finish first, award after: the completion signal then finds no certificate due, and
    # the demo issues without e-mailing anyone.
    for user in learners:
        if not Certificate.objects.filter(user=user, course=first).exists():
            _finish(user, first)
    for course in courses:
        CourseCertificateSettings.objects.get_or_create(
            course=course, defaults={"template": english, "hours": None, "enabled": True}
        )
    for user in learners:
        certificate = certificate_issue_if_due(user=user, course=first, notify=False)
        if certificate is None:
            # A required quiz the demo could not pass: an administrator issues by hand without
            # the rules, with a reason (audited), as only administrators may.
            certificate = certificate_issue(
                user=user,
                course=first,
                issued_by=administrator,
                enforce_rules=False,
                reason="Demo: the learner passed the quiz on paper.",
                grade=Decimal("85"),
                notify=False,
            )
    revoked = Certificate.objects.filter(user__email=DEMO_GRADUATES[-1][0], course=first).first()
    if revoked is not None and not revoked.is_revoked:
        certificate_revoke(
            certificate=revoked,
            reason="Demo: issued in error (duplicate account).",
            revoked_by=administrator,
        )
    stdout.write(
        f"  certificates: {Certificate.objects.count()} issued; verify one at "
        f"/certificates/verify/{Certificate.objects.order_by('pk').first().display_code}/"
    )
