"""Dumping and loading the database: pg_dump/pg_restore, or SQLite's online backup API."""

import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - runs the PostgreSQL client tools with fixed arguments
from pathlib import Path

from django.db import connections


class DatabaseToolError(RuntimeError):
    pass


def _settings(alias: str = "default") -> dict:
    return connections[alias].settings_dict


def vendor(alias: str = "default") -> str:
    return connections[alias].vendor


def dump_filename(alias: str = "default") -> str:
    return "database.dump" if vendor(alias) == "postgresql" else "database.sqlite3"


def _pg_env_and_args(db: dict) -> tuple[dict, list[str]]:
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    args += ["--dbname", str(db["NAME"])]
    return env, args


def _run(tool: str, args: list[str], env: dict) -> None:
    path = shutil.which(tool)
    if path is None:
        raise DatabaseToolError(f"{tool} is not installed (Debian package postgresql-client).")
    result = subprocess.run(  # noqa: S603 - fixed tool, arguments from settings
        [path, *args], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise DatabaseToolError(f"{tool} failed: {result.stderr.strip()[-2000:]}")


def _sqlite_connect(name) -> sqlite3.Connection:
    name = str(name)
    # The test suite's shared in-memory database is named by a "file:" URI.
    return sqlite3.connect(name, timeout=30, uri=name.startswith("file:"))


def dump(target: Path, alias: str = "default") -> None:
    db = _settings(alias)
    if vendor(alias) == "postgresql":
        env, args = _pg_env_and_args(db)
        _run("pg_dump", ["--format=custom", "--no-owner", "--file", str(target), *args], env)
    elif vendor(alias) == "sqlite":
        source = _sqlite_connect(db["NAME"])
        destination = sqlite3.connect(str(target))
        try:
            with destination:
                source.backup(destination)
        finally:
            destination.close()
            source.close()
    else:
        raise DatabaseToolError(f"No backup method for the {vendor(alias)} database.")


def load(source: Path, alias: str = "default") -> None:
    """Replace the database's content with the dump's. Django's connection is closed first."""
    db = _settings(alias)
    connections[alias].close()
    if vendor(alias) == "postgresql":
        env, args = _pg_env_and_args(db)
        _run(
            "pg_restore",
            ["--clean", "--if-exists", "--no-owner", "--single-transaction", *args, str(source)],
            env,
        )
    elif vendor(alias) == "sqlite":
        backup = sqlite3.connect(str(source))
        live = _sqlite_connect(db["NAME"])
        try:
            backup.backup(live)
        finally:
            live.close()
            backup.close()
    else:
        raise DatabaseToolError(f"No restore method for the {vendor(alias)} database.")
