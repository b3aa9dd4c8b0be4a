from .choices import CourseFormat, CourseLevel
from .learner import Enrollment, EnrollmentStatus, Reflection, StepProgress
from .packs import CoursePack, PackKind, PackStatus
from .pages import (
    CourseIndexPage,
    CoursePage,
    LessonPage,
    ModulePage,
    StepMixin,
)
from .search import CourseSearchText
from .snippets import Topic

__all__ = [
    "CourseFormat",
    "CourseIndexPage",
    "CourseLevel",
    "CoursePack",
    "CoursePage",
    "CourseSearchText",
    "Enrollment",
    "EnrollmentStatus",
    "LessonPage",
    "ModulePage",
    "PackKind",
    "PackStatus",
    "Reflection",
    "StepMixin",
    "StepProgress",
    "Topic",
]
