from . import lesson_hooks  # noqa: F401  (the lesson block, its completion and demo hooks)
