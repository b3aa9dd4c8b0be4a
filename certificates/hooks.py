"""The Wagtail hooks this app defines for others (the cohorts app registers on them).

- `certificate_requirements`: fn(user, course) -> list[str], the unmet extra requirements
  (e.g. attendance); a certificate is due only when every function returns an empty list.
- `certificate_template_for`: fn(user, course) -> CertificateTemplate | None, a per-cohort
  override of the course's template; the first non-None answer wins.
- `certificate_context_for`: fn(user, course) -> (key, label) | None, the context a
  certificate is issued in (cohorts: the learner's cohort of this course). `key` is a stable
  identifier of at most 64 characters (e.g. "cohort:12"), `label` a name shown to verifiers
  (e.g. the cohort's name). A learner gets one certificate per course and context, and one per
  course when no function answers. The first non-None answer wins.
"""

from wagtail import hooks

REQUIREMENTS = "certificate_requirements"
TEMPLATE_FOR = "certificate_template_for"
CONTEXT_FOR = "certificate_context_for"


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


def issuance_context(user, course) -> tuple[str, str] | None:
    """(key, label) of the context this certificate would be issued in, or None."""
    for fn in hooks.get_hooks(CONTEXT_FOR):
        answer = fn(user, course)
        if answer is not None:
            key, label = answer
            return str(key), str(label)
    return None
