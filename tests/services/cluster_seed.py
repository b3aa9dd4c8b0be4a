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


def certificate(*, email: str) -> None:
    from certificates.models import Certificate

    certificate = Certificate.objects.filter(user__email=email).first()
    if certificate is None or not certificate.pdf_ready:
        print(json.dumps(None))
        return
    print(
        json.dumps(
            {
                "code": certificate.code,
                "sha256": certificate.pdf_sha256,
                "render_count": certificate.rendered_revision,
            }
        )
    )


def count(*, model: str, **filters) -> None:
    from django.apps import apps

    print(json.dumps(apps.get_model(model).objects.filter(**filters).count()))
