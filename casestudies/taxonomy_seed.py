"""The starting taxonomies (editors add more as snippets): the English names of
`demo/content/taxonomy.yaml`, as the seeding migration reads them."""

from pathlib import Path

import yaml

_TERMS = yaml.safe_load(
    (Path(__file__).resolve().parent / "demo" / "content" / "taxonomy.yaml").read_text(
        encoding="utf-8"
    )
)
SEED = {
    model: [(slug, names["en"]) for slug, names in terms.items()] for model, terms in _TERMS.items()
}
