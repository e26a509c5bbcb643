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


def common_words(database: str, count: int) -> list[str]:
    """The `count` words most decisions' summaries hold (in a 1% sample of them), longer than
    three letters: the words people search with, taken from the data rather than a list."""
    connection = psycopg2.connect(f"{SERVER}/{database}")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM ts_stat($$SELECT to_tsvector('simple', summary)"
            " FROM decisions_decision TABLESAMPLE SYSTEM (1) REPEATABLE (1)$$)"
            " WHERE length(word) > 3 ORDER BY ndoc DESC, word LIMIT %s",
            [count],
        )
        words = [word for (word,) in cursor.fetchall()]
    connection.close()
    return words
