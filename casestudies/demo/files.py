"""Read the demo case studies (`content/<language>/<slug>.md`) into `case_study_create` data.

Format (docs/decisions/courses-demo-content-files.md): a YAML header with the page's fields
(lists for institutions and funders, key_figures and sources as mappings) and a body of
`::: <section>` ... `:::` sections in Markdown. Nothing here touches the database.
"""

from pathlib import Path

from learning.contentfiles import ContentError, read_yaml, require, sections, split_front_matter

CONTENT = Path(__file__).resolve().parent / "content"
SECTIONS = ("context", "challenge", "approach", "results", "lessons_learned")
TERMS = ("themes", "types", "risks", "groups")
LISTS = ("countries", *TERMS, "key_figures", "sources")


def read_case(path: Path) -> dict:
    """The data of one case study; `pending` says whether it waits for review."""
    header, body = split_front_matter(path)
    require(path, header, "slug", "title", "summary")
    data = {key: header.get(key) for key in ("slug", "title", "summary", "year_start", "year_end")}
    for key in LISTS:
        value = header.get(key) or []
        if not isinstance(value, list):
            raise ContentError(f"{path}: {key} must be a list.")
        data[key] = value
    for key in ("institutions", "funders"):
        value = header.get(key) or []
        data[key] = "\n".join(value) if isinstance(value, list) else str(value)
    data.update(sections(body, where=str(path), names=SECTIONS))
    data["pending"] = bool(header.get("pending"))
    return data


def read_cases(language: str = "en", root: Path = CONTENT) -> list[dict]:
    """Every case study of a language folder, in file-name order ([] if there is none)."""
    return [read_case(path) for path in sorted((root / language).glob("*.md"))]


def read_taxonomy(root: Path = CONTENT) -> dict[str, dict[str, dict[str, str]]]:
    """{model name: {slug: {language: name}}} from `taxonomy.yaml`."""
    path = root / "taxonomy.yaml"
    data = read_yaml(path)
    if not isinstance(data, dict) or not all(
        isinstance(terms, dict)
        and all(isinstance(names, dict) and names.get("en") for names in terms.values())
        for terms in data.values()
    ):
        raise ContentError(f"{path}: expected model -> slug -> language -> name, with 'en'.")
    return data
