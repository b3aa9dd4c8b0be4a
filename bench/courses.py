"""Courses benchmark: `.venv/bin/python -m bench.courses [--repeats 40]`.

Median server time (Django's test client, in process, so no network) of a lesson page, of a
200-step course outline and of a dashboard with 20 enrolments, each divided by the median of
a bare Wagtail page (the home page with the apps' sections turned off) that uses the same
base template and the same rich text, requested by the same signed-in learner in the same
run. Goals: lesson <= 1.3x, outline and dashboard <= 2x. The same three again in Russian, with
the seven content languages present (every page aliased in each) and the course's pages
translated into Russian, against the bare page served in Russian, with the same goals. A missed
goal makes the exit status 1. Also the bytes a lesson page without media sends (HTML + CSS +
JS; goal < 150 KB).
"""

import gzip
import sys
from pathlib import Path

from ._support import bench_main, interleaved_medians_ms


def main() -> int:
    return bench_main(run, __doc__, repeats=40)


def run(repeats: int) -> int:
    from django.conf import settings
    from django.contrib.staticfiles import finders
    from django.test import Client
    from django.urls import reverse
    from wagtail import hooks

    from courses import services
    from learning.demo import home_page_ensure
    from learning.locales import sync_trees
    from learning.models import HomePage
    from tests.factories import UserFactory
    from tests.factories import course_factories as cf
    from tests.factories.translations import translate

    home = home_page_ensure()
    learner = UserFactory(roles=["Learner"])
    big = cf.course(title="Outline of 200 steps", modules=10, steps_per_module=20)
    services.enrollment_create(user=learner, course=big)
    lessons = cf.lessons(big)
    for step in lessons[:30]:
        services.step_complete(user=learner, step=step)
    for i in range(19):
        other = cf.course(title=f"Course {i}", modules=3, steps_per_module=4)
        services.enrollment_create(user=learner, course=other)
        services.step_complete(user=learner, step=cf.first_lesson(other))
    lesson = lessons[31]
    pages = sync_trees()  # every page in each of the seven content languages
    translated = _translate_ru(big, lessons, translate)

    # The baseline: the same base template and the same rich text, no course logic.
    rich_text = "".join(
        str(block.value.source if hasattr(block.value, "source") else block.value)
        for block in lesson.body
        if block.block_type == "paragraph"
    )
    home = HomePage.objects.get(pk=home.pk)  # fresh: the tree grew since it was loaded
    home.body = rich_text
    home.save_revision().publish()
    hooks._hooks["home_page_sections"] = []  # noqa: SLF001 - bare page for the baseline

    client = Client()
    client.force_login(learner)
    russian = Client()  # the same learner, reading in Russian
    russian.force_login(learner)
    russian.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    urls = {
        "bare Wagtail page (baseline)": "/",
        "bare Wagtail page, ru": (russian, "/"),
        "lesson page": lesson.url,
        "course outline, 200 steps": big.url,
        "dashboard, 20 enrolments": reverse("dashboard"),
        "lesson page, ru": (russian, lesson.url),
        "course outline, 200 steps, ru": (russian, big.url),
        "dashboard, 20 enrolments, ru": (russian, reverse("dashboard")),
    }
    shown = russian.get(lesson.url).content.decode()
    in_russian = '<html lang="ru"' in shown and lesson.title.replace("Lesson", "Урок") in shown
    assert in_russian, "the Russian lesson is not served in Russian"
    timings = interleaved_medians_ms(client, urls, repeats)
    base = timings["bare Wagtail page (baseline)"]
    goals = {"lesson page": 1.3, "course outline, 200 steps": 2.0, "dashboard, 20 enrolments": 2.0}
    print(f"median server time over {repeats} rounds of requests in turn, same learner, same run")
    print(f"  7 content languages, {pages} pages; in Russian: {translated} pages translated")
    print(f"  {'bare Wagtail page (baseline)':<36} {base:7.2f} ms   1.00x")
    status = 0
    for name, goal in goals.items():
        ratio = timings[name] / base
        verdict = "ok" if ratio <= goal else "OVER GOAL"
        status |= ratio > goal
        print(f"  {name:<36} {timings[name]:7.2f} ms   {ratio:4.2f}x  (goal <= {goal}x, {verdict})")
    # In Russian, against the same bare page served in Russian (an alias of it): the language's
    # own costs (its catalogue, the localized home page) are in both, as in English.
    base_ru = timings["bare Wagtail page, ru"]
    print(f"  {'bare Wagtail page, ru':<36} {base_ru:7.2f} ms   {base_ru / base:4.2f}x")
    for name, goal in goals.items():
        ratio = timings[f"{name}, ru"] / base_ru
        verdict = "ok" if ratio <= goal else "OVER GOAL"
        status |= ratio > goal
        print(
            f"  {name + ', ru':<36} {timings[name + ', ru']:7.2f} ms   {ratio:4.2f}x"
            f"  (of the Russian bare page; goal <= {goal}x, {verdict})"
        )

    html = client.get(lesson.url).content
    css = Path(finders.find("css/socle.css")).read_bytes()
    total = len(html) + len(css)
    gz = len(gzip.compress(html)) + len(gzip.compress(css))
    print(
        f"lesson page without media: HTML {len(html) / 1024:.1f} KB + CSS {len(css) / 1024:.1f} KB"
        f" + JS 0 KB = {total / 1024:.1f} KB ({gz / 1024:.1f} KB gzipped; goal < 150 KB)"
    )
    return int(status)


def _translate_ru(course, lessons, translate) -> int:
    """Translate the course, its modules and its lessons into Russian, as an editor does with
    wagtail-localize; how many pages."""
    translate(course, "ru", title="Схема из 200 шагов")
    modules = list(course.get_children().specific())
    for number, module in enumerate(modules, start=1):
        translate(module, "ru", title=f"Модуль {number}")
    for lesson in lessons:
        translate(lesson, "ru", title=lesson.title.replace("Lesson", "Урок"))
    return 1 + len(modules) + len(lessons)


if __name__ == "__main__":
    sys.exit(main())
