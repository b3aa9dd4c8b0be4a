"""The page tree editors may build, and what editors can do with it in the admin."""

from django.contrib.auth.models import Group
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from assessments.models import QuizPage
from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from learning.models import HomePage
from tests.factories import UserFactory
from tests.factories import course_factories as cf


class CourseTreeTests(WagtailPageTestCase):
    def test_the_tree_is_fixed(self):
        self.assertAllowedSubpageTypes(HomePage, {CourseIndexPage} | self._other_home_children())
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})
        self.assertAllowedSubpageTypes(CoursePage, {ModulePage})
        self.assertAllowedSubpageTypes(ModulePage, {LessonPage, QuizPage})
        self.assertAllowedSubpageTypes(LessonPage, set())
        self.assertAllowedParentPageTypes(LessonPage, {ModulePage})
        self.assertAllowedParentPageTypes(ModulePage, {CoursePage})
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})

    def _other_home_children(self):
        # Other apps may hang their own index pages under the home page.
        return {
            m
            for m in HomePage.allowed_subpage_models()
            if m not in (CourseIndexPage, CoursePage, ModulePage, LessonPage, QuizPage)
        }

    def test_a_lesson_cannot_be_created_directly_under_a_course(self):
        course = cf.course()
        self.assertCanNotCreateAt(CoursePage, LessonPage)
        self.assertCanCreateAt(ModulePage, LessonPage)
        self.assertTrue(course.get_children().exists())

    def test_editors_edit_preview_and_copy_a_course(self):
        course = cf.course()
        editor = UserFactory(roles=["Content editor"])
        self.client.force_login(editor)
        self.assertEqual(self.client.get(f"/admin/pages/{course.pk}/edit/").status_code, 200)
        self.assertEqual(
            self.client.get(f"/admin/pages/{cf.first_lesson(course).pk}/edit/").status_code, 200
        )
        response = self.client.post(
            f"/admin/pages/{course.pk}/copy/",
            {
                "new_title": "Governance of social security (French edition)",
                "new_slug": "governance-fr",
                "new_parent_page": course.get_parent().pk,
                "copy_subpages": True,
                "publish_copies": False,
                "alias": False,
            },
        )
        self.assertEqual(response.status_code, 302)
        copy = CoursePage.objects.get(slug="governance-fr")
        self.assertEqual(copy.get_descendants().count(), course.get_descendants().count())
        self.assertFalse(copy.live)
        self.assertPageIsPreviewable(course)  # (signs in its own superuser)

    def test_revisions_keep_history(self):
        course = cf.course()
        course.summary = "A new summary."
        course.save_revision().publish()
        self.assertGreaterEqual(course.revisions.count(), 2)

    def test_learners_cannot_reach_the_admin(self):
        learner = UserFactory(roles=["Learner"])
        self.client.force_login(learner)
        response = self.client.get("/admin/pages/")
        self.assertNotEqual(response.status_code, 200)
        self.assertFalse(Group.objects.get(name="Learner").permissions.exists())
        self.assertTrue(Page.objects.exists())
