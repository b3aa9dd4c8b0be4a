"""Demo content of the case-study library: real practices written from public facts.

`load(*, stdout)` is idempotent: the library is created once, each case once (by slug).
"""

from django.db import transaction

from learning.demo import home_page_ensure
from learning.locales import default_locale_id
from learning.models import User

from ..models import CaseStudyPage, LifeCycleRisk, PopulationGroup, ProgrammeType, Theme
from ..services import case_study_create, library_ensure
from .cases import CASES, PENDING

INTRO = (
    "<p>Good practices of social protection from around the world: how countries extended "
    "coverage, financed their schemes and made their administrations digital. Filter by "
    "country, region, theme or programme type, and cite any case in your own work.</p>"
)


def _terms(model, slugs):
    found = list(model.objects.filter(slug__in=slugs))
    missing = set(slugs) - {t.slug for t in found}
    if missing:
        raise ValueError(f"unknown {model.__name__} slugs: {sorted(missing)}")
    return found


def _create(index, data, *, publish, owner):
    data = dict(data)
    return case_study_create(
        index=index,
        publish=publish,
        owner=owner,
        themes=_terms(Theme, data.pop("themes")),
        programme_types=_terms(ProgrammeType, data.pop("types")),
        risks=_terms(LifeCycleRisk, data.pop("risks")),
        population_groups=_terms(PopulationGroup, data.pop("groups")),
        **data,
    )


@transaction.atomic
def load(*, stdout) -> None:
    home = home_page_ensure()
    index = library_ensure(parent=home, intro=INTRO)
    editor = User.objects.filter(email="editor@socle.example").first()
    created = 0
    sources = CaseStudyPage.objects.filter(locale_id=default_locale_id())
    for data in CASES:
        if not sources.filter(slug=data["slug"]).exists():
            _create(index, data, publish=True, owner=editor)
            created += 1
    if not sources.filter(slug=PENDING["slug"]).exists():
        page = _create(index, PENDING, publish=False, owner=editor)
        if editor is not None:
            page.get_workflow().start(page, editor)
        created += 1
    stdout.write(
        f"Case studies: {created} created, {CaseStudyPage.objects.count()} in the library."
    )
