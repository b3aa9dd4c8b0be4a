from .learner import Enrollment, EnrollmentStatus, Reflection, StepProgress
from .packs import CoursePack, PackKind, PackStatus
from .pages import (
    CourseFormat,
    CourseIndexPage,
    CourseLevel,
    CoursePage,
    LessonPage,
    ModulePage,
    StepMixin,
)
from .snippets import Topic

__all__ = [
    "CourseFormat",
    "CourseIndexPage",
    "CourseLevel",
    "CoursePack",
    "CoursePage",
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
