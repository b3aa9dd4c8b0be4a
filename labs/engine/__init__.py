"""Actuarial and financing models, in plain Python and numpy: no Django here.

Each model module defines one `Model` (its assumptions, outputs and charts) and registers it
in `registry.MODELS`. The Django side (labs' blocks, views and assessments' calculated
questions) only goes through `registry.run()` and the specs in `base`.

Importing any part of the engine imports every model module, so the registry is full.
"""

from . import benefits, health, payg, population  # noqa: F401  (registers their models)
