"""Demo content of the case-study library: real practices written from public facts.

`load(*, stdout)` is idempotent: the library is created once, each case once (by slug). The
cases are content files (`content/<language>/<slug>.md`, read by `files.py`).
"""

from django.db import transaction

from learning.demo import home_page_ensure
from learning.locales import default_locale_id
from learning.models import User

from ..models import CaseStudyPage, LifeCycleRisk, PopulationGroup, ProgrammeType, Theme
from ..services import case_study_create, library_ensure
from .files import SECTIONS, read_cases

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
    for data in read_cases():
        if CaseStudyPage.objects.filter(slug=data["slug"], locale_id=default_locale_id()).exists():
            continue
        pending = data.pop("pending")
        page = _create(index, data, publish=not pending, owner=editor)
        if pending and editor is not None:
            page.get_workflow().start(page, editor)
        created += 1
    stdout.write(
        f"Case studies: {created} created, {CaseStudyPage.objects.count()} in the library."
    )


def load_translations(*, stdout) -> None:
    """Each taxonomy term's names in the other languages (taxonomy.yaml), as snippet
    translations; skipped, with a note, while the taxonomy models are not translatable."""
    from wagtail.models import Locale  # noqa: PLC0415

    from learning.contenttranslation import snippet_translate, translatable  # noqa: PLC0415

    from .files import read_taxonomy  # noqa: PLC0415

    models = {m.__name__: m for m in (Theme, ProgrammeType, LifeCycleRisk, PopulationGroup)}
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    written = 0
    for name, terms in read_taxonomy().items():
        model = models[name]
        if not translatable(model):
            stdout.write(f"Taxonomy {name}: not translatable yet, translations skipped.")
            continue
        for slug, names in terms.items():
            source = model.objects.filter(slug=slug, locale=Locale.get_default()).first()
            for language, text in names.items():
                if source is not None and language != "en" and language in locales:
                    written += snippet_translate(source, locales[language], {"name": text})[1]
    stdout.write(f"Taxonomy translations: {written} written.")
    _cases_translate(stdout=stdout, locales=locales)


CASE_FIELDS = ("title", "summary", "institutions", "funders", *SECTIONS)


def _cases_translate(*, stdout, locales) -> None:
    """Case studies of `content/<language>/` as wagtail-localize translations of the English
    pages (key figures and sources stay as in English)."""
    from learning.contenttranslation import page_translate  # noqa: PLC0415

    from .files import CONTENT, read_cases  # noqa: PLC0415

    for folder in sorted(p for p in CONTENT.iterdir() if p.is_dir() and p.name != "en"):
        done: dict = {}
        for data in read_cases(folder.name):
            source = CaseStudyPage.objects.filter(slug=data["slug"], locale__language_code="en")
            source = source.live().first()
            if source is None or folder.name not in locales:
                continue
            fields = {key: data[key] for key in CASE_FIELDS if data.get(key)}
            where = str(folder / f"{data['slug']}.md")
            status = page_translate(source, locales[folder.name], fields, where=where)
            done[status] = done.get(status, 0) + 1
        summary = ", ".join(f"{n} {status}" for status, n in sorted(done.items())) or "none"
        stdout.write(f"Case studies in {folder.name}: {summary}.")
