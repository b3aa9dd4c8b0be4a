from . import cohort_hooks  # noqa: F401  (profiles' snippets; trainers' and personal-data hooks)
