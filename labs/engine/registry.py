"""Every model by its slug, and the one way to run one."""

from __future__ import annotations

from collections.abc import Mapping

from .base import Model, Result, validate
from .profile import Profile

MODELS: dict[str, Model] = {}


def register(model: Model) -> Model:
    MODELS[model.slug] = model
    return model


def get(slug: str) -> Model:
    """The model named `slug`; LookupError when there is none."""
    try:
        return MODELS[slug]
    except KeyError:
        raise LookupError(slug) from None


def run(slug: str, profile: Profile, raw: Mapping[str, object]) -> Result:
    """Validates `raw` (AssumptionError on bad input) and runs the model on `profile`."""
    model = get(slug)
    return model.run(profile, validate(model, raw, profile))
