"""Blocks that apps above courses add to a lesson's body through `lesson_body_blocks`."""

import pytest
from wagtail import blocks, hooks

from assessments.h5p.blocks import H5PBlock
from assessments.selectors import h5p_required_packages
from courses.blocks import COURSES_BODY_BLOCKS, LESSON_BODY_BLOCKS_HOOK, LessonBodyBlocks
from courses.models import LessonPage
from tests.factories import assessments as af
from tests.factories import course_factories as cf


def test_the_lesson_body_offers_assessments_h5p_block_last_under_its_stored_name():
    child_blocks = LessonPage.body.field.stream_block.child_blocks
    assert list(child_blocks)[-1] == "h5p"
    assert isinstance(child_blocks["h5p"], H5PBlock)
    assert list(child_blocks)[: len(COURSES_BODY_BLOCKS)] == [n for n, _b in COURSES_BODY_BLOCKS]


def test_a_hook_adds_its_blocks_after_courses_own():
    def extra():
        return [("poll", blocks.CharBlock())]

    with hooks.register_temporarily(LESSON_BODY_BLOCKS_HOOK, extra):
        names = [name for name, _block in LessonBodyBlocks([("heading", blocks.CharBlock())])]
    assert names[0] == "heading"
    assert names[-1] == "poll"
    assert "h5p" in names


def test_a_hook_may_not_take_a_name_already_used():
    def clash():
        return [("heading", blocks.CharBlock())]

    with (
        hooks.register_temporarily(LESSON_BODY_BLOCKS_HOOK, clash),
        pytest.raises(ValueError, match="heading"),
    ):
        list(LessonBodyBlocks([("heading", blocks.CharBlock())]))


@pytest.mark.django_db
def test_a_required_h5p_block_makes_the_lesson_complete_through_its_own_result():
    course = cf.course()
    lesson = cf.lessons(course)[0]
    required, optional = af.h5p_package(title="Required"), af.h5p_package(title="Optional")
    lesson.body = [
        ("paragraph", "<p>Read this.</p>"),
        ("h5p", {"package": required, "title": "", "required": True}),
        ("h5p", {"package": optional, "title": "", "required": False}),
    ]
    lesson.save_revision().publish()
    lesson = LessonPage.objects.get(pk=lesson.pk)
    assert [kind for kind, _value in lesson.required_blocks()] == ["h5p"]
    assert lesson.completes_through_own_result()
    assert h5p_required_packages(lesson) == [required.pk]


@pytest.mark.django_db
def test_a_lesson_without_required_blocks_completes_by_the_learners_button():
    course = cf.course()
    lesson = cf.lessons(course)[0]
    lesson.body = [("h5p", {"package": af.h5p_package(), "title": "", "required": False})]
    lesson.save_revision().publish()
    lesson = LessonPage.objects.get(pk=lesson.pk)
    assert lesson.required_blocks() == []
    assert not lesson.completes_through_own_result()
    assert h5p_required_packages(lesson) == []
