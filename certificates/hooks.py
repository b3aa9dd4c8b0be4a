"""The Wagtail hooks this app defines for others (the cohorts app registers on them).

- `certificate_requirements`: fn(user, course) -> list[str], the unmet extra requirements
  (e.g. attendance); a certificate is due only when every function returns an empty list.
- `certificate_template_for`: fn(user, course) -> CertificateTemplate | None, a per-cohort
  override of the course's template; the first non-None answer wins.
"""

from wagtail import hooks

REQUIREMENTS = "certificate_requirements"
TEMPLATE_FOR = "certificate_template_for"


def extra_requirements(user, course) -> list[str]:
    unmet: list[str] = []
    for fn in hooks.get_hooks(REQUIREMENTS):
        unmet.extend(str(message) for message in (fn(user, course) or []))
    return unmet


def template_override(user, course):
    for fn in hooks.get_hooks(TEMPLATE_FOR):
        template = fn(user, course)
        if template is not None:
            return template
    return None
