"""Statements written once and run many times.

peewee writes a statement's SQL afresh for every query: 0.1–0.5 ms for a join of a few dozen
columns, while SQLite or PostgreSQL run a lookup by key in 0.01 ms. The statements every request
runs (the signed-in user, the settings) and those of the most used pages are written once per
database engine from their builder, with markers standing for the values, and then run with the
values of each call."""

from collections.abc import Callable
from datetime import date, datetime

from peewee import Query

from app.db import db

#: a marker per kind and position: values no record holds, found again among the parameters
_MARKERS = {
    int: lambda position: -7_364_829_105 - position,
    str: lambda position: f"\x1fstatement value {position}\x1f",
    date: lambda position: date(1, 1, 1 + position),
}
#: the kind of a list of ids (`Field.in_(ids)`): a statement is written for each length
IDS = list


def _same(param, marker) -> bool:
    return type(param) is type(marker) and param == marker


class Statement:
    """`build(*values, **shape)` as a statement written once per engine and shape.

    `kinds` are the values' types (int, str, date, or IDS for a list of ids), in `build`'s
    order. Each value must reach the SQL as a parameter, and the statement's form must not
    depend on it (no `if` on a value: such a choice is a keyword `shape` argument, part of the
    cache key, as is the length of each list)."""

    def __init__(self, build: Callable[..., Query], *kinds: type):
        self.build = build
        self.kinds = kinds
        self.written: dict[tuple, tuple] = {}

    def _markers(self, lengths: list[int]) -> list:
        markers, position = [], 0
        for kind, length in zip(self.kinds, lengths, strict=True):
            if kind is IDS:
                markers.append([_MARKERS[int](position + n) for n in range(length)])
                position += length
            else:
                markers.append(_MARKERS[kind](position))
                position += 1
        return markers

    def _write(self, lengths: list[int], shape: dict) -> tuple:
        markers = self._markers(lengths)
        query = self.build(*markers, **shape)
        sql, params = query.sql()
        places = [
            [index for index, param in enumerate(params) if _same(param, marker)]
            for marker in _flat(self.kinds, markers)
        ]
        if not all(places):
            raise ValueError(f"{self.build.__name__}: a value is not a parameter of its SQL")
        return query, sql, tuple(params), places

    def rows(self, *values, **shape) -> list:
        """The rows, as the built query gives them (models, tuples or dicts)."""
        lengths = []
        for kind, value in zip(self.kinds, values, strict=True):
            _check(self.build, kind, value)
            lengths.append(len(value) if kind is IDS else 1)
        key = (type(db.obj), tuple(lengths), tuple(sorted(shape.items())))
        written = self.written.get(key)
        if written is None:
            written = self.written[key] = self._write(lengths, shape)
        query, sql, template, places = written
        params = list(template)
        for value, indexes in zip(_flat(self.kinds, values), places, strict=True):
            for index in indexes:
                params[index] = value
        # the query built once turns the rows into what it would have given itself
        return list(query._get_cursor_wrapper(db.execute_sql(sql, params)))

    def first(self, *values, **shape):
        rows = self.rows(*values, **shape)
        return rows[0] if rows else None


def _flat(kinds, values) -> list:
    flat = []
    for kind, value in zip(kinds, values, strict=True):
        flat.extend(value if kind is IDS else [value])
    return flat


def _check(build: Callable, kind: type, value) -> None:
    items = value if kind is IDS else [value]
    item_kind = int if kind is IDS else kind
    if kind is IDS and (not isinstance(value, list) or not value):
        raise TypeError(f"{build.__name__}: ids come as a list of at least one")
    for item in items:
        if not isinstance(item, item_kind) or isinstance(item, bool | datetime):
            raise TypeError(f"{build.__name__}: {item!r} is not a {item_kind.__name__}")


def statement(*kinds: type) -> Callable[[Callable[..., Query]], Statement]:
    """Decorate a query builder taking values of these kinds: see Statement."""
    return lambda build: Statement(build, *kinds)
