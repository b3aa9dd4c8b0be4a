"""Data for the cluster test, created inside the cluster (`Cluster.python`), printed as JSON.

Run in a Django shell of the cluster's production settings; uses the test factories, which
build pages through Wagtail's API as the editors' admin would.
"""

import json

PASSWORD = "cluster-passphrase-2026"  # noqa: S105 - a throwaway account on loopback


def _totp_secret(user) -> str | None:
    """Give a staff account a TOTP authenticator (production requires MFA for staff)."""
    from django.apps import apps

    if not apps.is_installed("allauth.mfa"):
        return None
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def seed(tag: str = "") -> None:
    from wagtail.models import Page

    from courses.selectors import course_steps
    from learning.roles import Role
    from learning.services import user_create
    from tests.factories import (
        CertificateTemplateFactory,
        CourseCertificateSettingsFactory,
        course_factories,
    )

    root = Page.get_first_root_node()
    home = root.get_children().first()
    index = course_factories.catalogue(home.specific)
    course = course_factories.course(
        title=f"Governance of social security{tag}", modules=1, steps_per_module=2, index=index
    )
    template = CertificateTemplateFactory(name=f"Cluster template{tag}")
    CourseCertificateSettingsFactory(course=course, template=template)
    people = {}
    for key, role in [
        ("editor", Role.CONTENT_EDITOR),
        ("administrator", Role.ADMINISTRATOR),
        ("learner", Role.LEARNER),
        ("neighbour", Role.LEARNER),
    ]:
        user = user_create(
            email=f"{key}{tag}@cluster.example.org",
            password=PASSWORD,
            full_name=f"Cluster {key.title()}",
            roles=(role,),
        )
        people[key] = {"email": user.email}
        if role != Role.LEARNER:
            people[key]["totp"] = _totp_secret(user)
    steps = course_steps(course)
    print(
        json.dumps(
            {
                "people": people,
                "password": PASSWORD,
                "course": course.pk,
                "lessons": [{"id": s.pk, "url": s.url, "title": s.title} for s in steps],
            }
        )
    )


def draft_title(*, page_id: int, title: str) -> None:
    """An editor's unpublished draft: the new title is in a revision, not yet live."""
    from wagtail.models import Page

    page = Page.objects.get(pk=page_id).specific
    page.title = title
    page.save_revision()


def place_h5p(*, page_id: int, package_title: str) -> None:
    """Put the uploaded package into the lesson's body, as an editor would."""
    from wagtail.models import Page

    from assessments.models import H5PPackage

    package = H5PPackage.objects.get(title=package_title)
    page = Page.objects.get(pk=page_id).specific
    page.body.append(("h5p", {"package": package, "title": "", "required": False}))
    page.save_revision().publish()
    print(json.dumps({"uuid": str(package.uuid)}))


def crowd(*, course_id: int, count: int) -> None:
    """`count` more learners, enrolled in the course: the in-flight requests of the app
    server that is killed."""
    from courses.models import CoursePage
    from courses.services import enrollment_create
    from learning.roles import Role
    from learning.services import user_create

    course = CoursePage.objects.get(pk=course_id)
    emails = []
    for number in range(count):
        user = user_create(
            email=f"crowd{number}@cluster.example.org",
            password=PASSWORD,
            full_name=f"Cluster Crowd {number}",
            roles=(Role.LEARNER,),
        )
        enrollment_create(user=user, course=course)
        emails.append(user.email)
    print(json.dumps(emails))


def completions(*, step_id: int, emails: list[str]) -> None:
    """Per learner: their progress rows for the step, and the steps they completed."""
    from courses.models import StepProgress

    rows = StepProgress.objects.filter(user__email__in=emails)
    print(
        json.dumps(
            {
                email: [
                    rows.filter(user__email=email, step_id=step_id).count(),
                    list(
                        rows.filter(user__email=email)
                        .exclude(completed_at=None)
                        .values_list("step_id", flat=True)
                    ),
                ]
                for email in emails
            }
        )
    )


def certificate(*, email: str) -> None:
    """The learner's certificate once its PDF is stored, with the hash of the file read back
    from storage; null before."""
    import hashlib

    from certificates.models import Certificate

    certificate = Certificate.objects.filter(user__email=email).first()
    if certificate is None or not certificate.pdf_ready:
        print(json.dumps(None))
        return
    with certificate.pdf.open("rb") as handle:
        stored = hashlib.sha256(handle.read()).hexdigest()
    print(
        json.dumps(
            {
                "code": certificate.code,
                "sha256": certificate.pdf_sha256,
                "stored_sha256": stored,
                "emailed": certificate.emailed_revision >= certificate.revision,
                "rows": Certificate.objects.filter(user__email=email).count(),
            }
        )
    )


def certificate_files() -> None:
    """The PDFs in storage and the PDFs the certificate rows name (both sorted)."""
    from django.core.files.storage import storages

    from certificates.models import Certificate

    names = sorted(Certificate.objects.exclude(pdf="").values_list("pdf", flat=True))
    storage = storages["private"]
    stored = []
    for year in storage.listdir("certificates")[0]:
        folder = f"certificates/{year}"
        stored += [f"{folder}/{name}" for name in storage.listdir(folder)[1]]
    print(json.dumps({"named": names, "stored": sorted(stored)}))


def count(*, model: str, **filters) -> None:
    from django.apps import apps

    print(json.dumps(apps.get_model(model).objects.filter(**filters).count()))
