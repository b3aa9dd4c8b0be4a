from .learner import Enrollment, EnrollmentStatus, Reflection, StepProgress
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
    "CoursePage",
    "Enrollment",
    "EnrollmentStatus",
    "LessonPage",
    "ModulePage",
    "Reflection",
    "StepMixin",
    "StepProgress",
    "Topic",
]
