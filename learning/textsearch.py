"""Full-text search in every content language, on a small index table of one row per page.

An app's index table (the case-study library's, the course catalogue's) has the columns
``page`` (primary key), ``locale``, ``config``, ``title``, ``keywords`` and ``body``; this
module gives each database its engine over those three text columns and answers queries:

- PostgreSQL: a ``vector`` column that a trigger fills with the text-search configuration of
  the row's language (``config``: ``russian``, ``french``, ``arabic``..., ``simple`` where
  PostgreSQL has none), GIN-indexed. A query is run once per configuration present among the
  active locale's rows (its own language, and English for pages not yet translated, which
  show the English text), each an index scan.
- SQLite: an FTS5 table (``unicode61``: words of every script, diacritics ignored; ``porter``
  stems English only) kept in step by triggers and ranked by ``bm25``.
- Any other database: every word in one of the columns, without relevance.

Chinese and Lao are written without spaces between words, so no engine can find a word in
them by splitting on spaces. Runs of those scripts are indexed as overlapping pairs of
characters ("社会保障" -> "社会 会保 保障"), and a query is cut the same way and must match every
pair: a two-character word is one pair, a longer word all its pairs. This is the bigram
method of CJK search engines (Lucene's CJK analyser); it finds every word, and may also find
a run of pairs that straddles two words, which is rare and harmless for a catalogue.

Only words reach the engines: quotes and operators are never query syntax.
See docs/decisions/learning-multilingual-search.md.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import connection, models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from .locales import active_locale_id, locale_ids

MAX_WORDS = 32

# PostgreSQL's built-in configurations for the content languages; `simple` for the others.
POSTGRES_CONFIGS = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "ru": "russian",
    "ar": "arabic",
}
_CONFIG_NAMES = {*POSTGRES_CONFIGS.values(), "simple"}

# Scripts written without spaces between words: CJK ideographs, Lao, Thai, Khmer, Myanmar.
_UNSPACED = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0eff\u1780-\u17ff\u1000-\u109f"
_UNSPACED_RUN = re.compile(f"[{_UNSPACED}]+")
# A word: letters and digits of any script, with the combining marks that Python's `\w`
# leaves out (Arabic harakat, the vowel signs of Lao and Thai).
_WORD = re.compile(f"[\\w\u0300-\u036f\u064b-\u065f\u0670{_UNSPACED}]+")


def config_for(language: str | None) -> str:
    """The PostgreSQL text-search configuration for a language code."""
    code = (language or settings.LANGUAGE_CODE).lower()
    return POSTGRES_CONFIGS.get(code) or POSTGRES_CONFIGS.get(code.split("-")[0]) or "simple"


def configs_of(locale_id: int) -> list[str]:
    """The configurations a locale's rows are written in: its language's, and the default
    language's for the pages not translated yet (aliases)."""
    language = {pk: code for code, pk in locale_ids().items()}.get(locale_id)
    return list(dict.fromkeys([config_for(language), config_for(None)]))


def _pairs(run: str) -> str:
    if len(run) < 2:
        return run
    return " ".join(run[i : i + 2] for i in range(len(run) - 1))


def segment(text: str) -> str:
    """`text` with every run of an unspaced script written as overlapping pairs."""
    return _UNSPACED_RUN.sub(lambda m: f" {_pairs(m.group())} ", text or "")


def query_terms(q: str) -> list[str]:
    """The words of a query, lower-cased, unspaced scripts cut into pairs; at most 32."""
    terms: list[str] = []
    for word in _WORD.findall(q or ""):
        terms += segment(word.lower()).split()
    return list(dict.fromkeys(terms))[:MAX_WORDS]


def content_languages(pages) -> dict[int, str]:
    """Page id -> the language its text is written in: its locale's, or for an alias (a page
    not translated yet) that of the page it shows. At most one query."""
    codes = {pk: code for code, pk in locale_ids().items()}
    pages = list(pages)
    aliased = {p.alias_of_id for p in pages if p.alias_of_id}
    shown = (
        dict(Page.objects.filter(pk__in=aliased).values_list("pk", "locale_id")) if aliased else {}
    )

    def language(page) -> str:
        locale_id = shown.get(page.alias_of_id, page.locale_id)
        return codes.get(locale_id) or settings.LANGUAGE_CODE

    return {p.pk: language(p) for p in pages}


class SearchText(models.Model):
    """The columns of an app's index table, one row per page (the subclass adds `page`, the
    page's one-to-one primary key): the page's locale, the PostgreSQL configuration of the
    language its text is written in, and three texts of falling weight."""

    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    config = models.CharField(max_length=32, default="simple")
    title = models.TextField(_("title"))
    keywords = models.TextField(_("keywords"), blank=True)
    body = models.TextField(_("body"), blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title


# --- The engines (created by each app's migration) -------------------------------------------


def _postgres_create(table: str) -> list[str]:
    function = f"{table}_vector_fill"
    return [
        f"ALTER TABLE {table} ADD COLUMN vector tsvector",
        f"""CREATE FUNCTION {function}() RETURNS trigger AS $$
        BEGIN
            NEW.vector := setweight(to_tsvector(NEW.config::regconfig, NEW.title), 'A')
                || setweight(to_tsvector(NEW.config::regconfig, NEW.keywords), 'B')
                || setweight(to_tsvector(NEW.config::regconfig, NEW.body), 'D');
            RETURN NEW;
        END $$ LANGUAGE plpgsql""",
        f"""CREATE TRIGGER {function} BEFORE INSERT OR UPDATE ON {table}
        FOR EACH ROW EXECUTE FUNCTION {function}()""",
        # No statistics on the vector: the planner then always takes the GIN index (with
        # statistics it read the whole table once a word was in a fifth of the rows).
        f"ALTER TABLE {table} ALTER COLUMN vector SET STATISTICS 0",
        f"CREATE INDEX {table}_vector ON {table} USING gin (vector)",
    ]


def _postgres_drop(table: str) -> list[str]:
    function = f"{table}_vector_fill"
    return [
        f"DROP TRIGGER IF EXISTS {function} ON {table}",
        f"DROP FUNCTION IF EXISTS {function}()",
        f"DROP INDEX IF EXISTS {table}_vector",
        f"ALTER TABLE {table} DROP COLUMN IF EXISTS vector",
    ]


_COLUMNS = "title, keywords, body"


def _sqlite_create(table: str, fts: str) -> list[str]:
    # Names are the calling migration's constants, never input.
    old = "old.page_id, old.title, old.keywords, old.body"
    new = "new.page_id, new.title, new.keywords, new.body"
    return [
        f"""CREATE VIRTUAL TABLE {fts} USING fts5({_COLUMNS}, content='{table}',
            content_rowid='page_id', tokenize='porter unicode61 remove_diacritics 2')""",
        f"""CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN
            INSERT INTO {fts}(rowid, {_COLUMNS}) VALUES ({new}); END""",  # noqa: S608
        f"""CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN
            INSERT INTO {fts}({fts}, rowid, {_COLUMNS}) VALUES ('delete', {old}); END""",  # noqa: S608
        f"""CREATE TRIGGER {fts}_update AFTER UPDATE ON {table} BEGIN
            INSERT INTO {fts}({fts}, rowid, {_COLUMNS}) VALUES ('delete', {old});
            INSERT INTO {fts}(rowid, {_COLUMNS}) VALUES ({new}); END""",  # noqa: S608
    ]


def _sqlite_drop(fts: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {fts}_insert",
        f"DROP TRIGGER IF EXISTS {fts}_delete",
        f"DROP TRIGGER IF EXISTS {fts}_update",
        f"DROP TABLE IF EXISTS {fts}",
    ]


def _sqlite_has_fts5(cursor) -> bool:
    cursor.execute("PRAGMA compile_options")
    return any("ENABLE_FTS5" in row[0] for row in cursor.fetchall())


def engine_create(schema_editor, *, table: str, fts: str) -> None:
    """Create the engine of an index table (from a migration)."""
    db = schema_editor.connection
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            statements = _postgres_create(table)
        elif db.vendor == "sqlite" and _sqlite_has_fts5(cursor):
            statements = _sqlite_create(table, fts)
        else:
            statements = []
        for sql in statements:
            cursor.execute(sql)


def engine_drop(schema_editor, *, table: str, fts: str) -> None:
    db = schema_editor.connection
    statements = {"postgresql": _postgres_drop(table), "sqlite": _sqlite_drop(fts)}
    with db.cursor() as cursor:
        for sql in statements.get(db.vendor, []):
            cursor.execute(sql)


# --- Matching -------------------------------------------------------------------------------

_fts_present: dict[str, bool] = {}


def _sqlite_fts(fts: str) -> bool:
    if fts not in _fts_present:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [fts])
            _fts_present[fts] = cursor.fetchone() is not None
    return _fts_present[fts]


def matches(model, *, fts: str, q: str, locale_id: int | None = None) -> dict[int, float]:
    """Page id -> rank (lower is more relevant) of the rows of `locale_id` (the active
    language's by default) in `model`'s index table holding every word of `q`."""
    terms = query_terms(q)
    if not terms:
        return {}
    locale_id = locale_id or active_locale_id()
    # The configurations the locale's rows are written in (PostgreSQL only).
    configs = configs_of(locale_id)
    table = model._meta.db_table
    vendor = connection.vendor
    if vendor == "postgresql":
        configs = [c for c in dict.fromkeys(configs) if c in _CONFIG_NAMES] or ["simple"]
        # One indexed condition per configuration; the names come from the list above.
        either = " OR ".join(
            f"(s.config = '{c}' AND s.vector @@ plainto_tsquery('{c}'::regconfig, %s))"
            for c in configs
        )
        sql = (
            f"SELECT s.page_id, -ts_rank(s.vector, plainto_tsquery(s.config::regconfig, %s)) "  # noqa: S608
            f"FROM {table} s WHERE s.locale_id = %s AND ({either})"
        )
        text = " ".join(terms)
        params = [text, locale_id, *([text] * len(configs))]
    elif vendor == "sqlite" and _sqlite_fts(fts):
        sql = (
            f"SELECT f.rowid, bm25({fts}, 10.0, 4.0, 1.0) FROM {fts} f "  # noqa: S608
            f"JOIN {table} s ON s.page_id = f.rowid "
            f"WHERE {fts} MATCH %s AND s.locale_id = %s"
        )
        # Each word quoted: a phrase of one token, never an operator.
        params = [" ".join(f'"{t}"' for t in terms), locale_id]
    else:
        rows = model.objects.filter(locale_id=locale_id)
        for term in terms:
            rows = rows.filter(
                Q(title__icontains=term) | Q(keywords__icontains=term) | Q(body__icontains=term)
            )
        return dict.fromkeys(rows.values_list("page_id", flat=True), 0.0)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {int(page_id): float(rank) for page_id, rank in cursor.fetchall()}
