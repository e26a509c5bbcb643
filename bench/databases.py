"""The PostgreSQL databases the benchmark and the load run make for themselves, on the server
`bench.config.SERVER` names (BENCH_PG)."""

from __future__ import annotations

import psycopg2

from bench.config import SERVER


def _admin(*statements: str) -> None:
    connection = psycopg2.connect(f"{SERVER}/postgres")
    connection.autocommit = True  # CREATE and DROP DATABASE refuse to run in a transaction
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    connection.close()


def database_recreate(name: str) -> None:
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')


def database_drop(name: str) -> None:
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_copy(source: str, name: str) -> None:
    """A new database `name` made from `source` as it stands (its template)."""
    _admin(
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        f'CREATE DATABASE "{name}" TEMPLATE "{source}"',
    )
