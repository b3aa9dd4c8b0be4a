"""Labs' hooks, each module with its own: profiles' snippets and trainers' and
personal-data hooks (cohort_hooks); the lesson block, its completion and demo (lesson_hooks)."""

from . import cohort_hooks, lesson_hooks  # noqa: F401
