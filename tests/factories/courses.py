"""Course trees built through Wagtail's API, as editors would build them."""

from wagtail.models import Page

from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage, Topic
from learning.demo import home_page_ensure

LESSON_BODY = [
    ("heading", "Why governance matters"),
    (
        "paragraph",
        "<p>Weak governance, fragmented policy responses and unsustainable financing are the "
        "recurring obstacles to extending social protection.</p>",
    ),
    ("key_takeaway", {"title": "Key takeaway", "text": "<p>Institutions first.</p>"}),
    ("reflection", {"prompt": "Which institution in your country collects contributions?"}),
]


def catalogue(home=None) -> CourseIndexPage:
    existing = CourseIndexPage.objects.first()
    if existing:
        return existing

    home = home or home_page_ensure()
    index = CourseIndexPage(title="Courses", slug="courses")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def topic(name="Governance of social security") -> Topic:
    return Topic.objects.get_or_create(
        slug=name.lower().replace(" ", "-")[:100], defaults={"name": name}
    )[0]


def course(
    *,
    title="Governance of social security",
    modules=2,
    steps_per_module=2,
    sequential=False,
    index=None,
    live=True,
    **fields,
) -> CoursePage:
    index = index or catalogue()
    fields.setdefault("topic", topic())
    fields.setdefault("summary", "Institutions, administration and legal frameworks.")
    page = CoursePage(title=title, sequential=sequential, **fields)
    index.add_child(instance=page)
    page.save_revision().publish()
    # Modules and lessons are created live without revisions: much faster for big trees.
    for m in range(modules):
        module = ModulePage(title=f"Module {m + 1}")
        page.add_child(instance=module)
        for s in range(steps_per_module):
            lesson = LessonPage(title=f"Lesson {m + 1}.{s + 1}", body=LESSON_BODY)
            module.add_child(instance=lesson)
    if not live:
        page.unpublish()
    return CoursePage.objects.get(pk=page.pk)


def lessons(course_page: CoursePage) -> list[LessonPage]:
    return list(LessonPage.objects.descendant_of(course_page).order_by("path"))


def first_lesson(course_page: CoursePage) -> Page:
    return lessons(course_page)[0]
