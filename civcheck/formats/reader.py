"""A tiny typed reader over plain values: the schema checks every file kind shares.

A document's mapping is read through :class:`Map`, whose typed accessors
(``string``, ``number``, ``date``, ``text``…) raise an :class:`Issue` naming
the document path of what is wrong; :class:`Doc` collects the issues of one
file and locates them all with one parse (:func:`~civcheck.formats.values.locate_all`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any, cast

from civcheck.errors import InputError, Problem
from civcheck.formats.scalars import DocPath, IntLiteral
from civcheck.formats.values import locate_all
from civcheck.model import Scalar, Text

LANG_CODE = re.compile(r"^[a-z]{2,3}([-_][A-Za-z0-9]+)*$")


class Issue(Exception):
    """A schema problem at a document path; located later."""

    def __init__(self, path: DocPath, msg: str, /, at_key: bool = False, **args: Any) -> None:
        super().__init__(msg)
        self.path = path
        self.key = msg
        self.at_key = at_key
        self.args_ = args


class Doc:
    """Collects schema problems for one file, then locates them all at once."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text
        self.issues: list[Issue] = []

    def add(self, issue: Issue) -> None:
        self.issues.append(issue)

    def guard(self, fn: Callable[[], Any]) -> Any:
        """Run *fn*, recording an :class:`Issue` it raises instead of stopping."""
        try:
            return fn()
        except Issue as issue:
            self.add(issue)
            return None

    def raise_if_any(self) -> None:
        if not self.issues:
            return
        places = locate_all(self.text, [(issue.path, issue.at_key) for issue in self.issues])
        problems = [
            Problem(self.name, line, column, issue.key, issue.args_)
            for issue, (line, column) in zip(self.issues, places, strict=True)
        ]
        problems.sort(key=lambda p: (p.line, p.column))
        raise InputError(problems)


def type_name(value: Any) -> str:
    """What a value is, in the words the messages use (text, number, list…)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, Decimal)):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, (dt.date, dt.datetime)):
        return "date"
    return type(value).__name__


class Map:
    """A mapping being read: typed access that raises located issues."""

    def __init__(self, data: Any, path: DocPath, what: str) -> None:
        if not isinstance(data, dict):
            raise Issue(path, "schema.type", expected="mapping", got=type_name(data), what=what)
        self.data: dict[str, Any] = data
        self.path = path
        self.what = what

    def has(self, key: str) -> bool:
        return key in self.data

    def at(self, key: str) -> DocPath:
        return (*self.path, key)

    def issue(self, key: str, msg: str, /, at_key: bool = False, **args: Any) -> Issue:
        return Issue(self.at(key), msg, at_key=at_key, key=key, **args)

    def require(self, key: str) -> Any:
        if key not in self.data:
            raise Issue(self.path, "schema.missing", key=key, what=self.what)
        return self.data[key]

    def only(self, allowed: Iterable[str]) -> None:
        allowed = set(allowed)
        for key in self.data:
            if key not in allowed and not key.startswith("x-"):
                raise self.issue(key, "schema.unknown_key", at_key=True, allowed=", ".join(sorted(allowed)))

    def string(self, key: str, required: bool = False, default: str = "") -> str:
        if key not in self.data:
            if required:
                self.require(key)
            return default
        value = self.data[key]
        if isinstance(value, str) and value.strip():
            return value
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            return getattr(value, "literal", None) or str(value)
        if (value is None or (isinstance(value, str) and not value.strip())) and not required:
            return default
        if isinstance(value, str):
            raise self.issue(key, "schema.empty", what=key)
        raise self.issue(key, "schema.type", expected="text", got=type_name(value), what=key)

    def boolean(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.issue(key, "schema.type", expected="true/false", got=type_name(value), what=key)
        return value

    def number(self, key: str, required: bool = False, default: Fraction | None = None) -> Fraction | None:
        if key not in self.data:
            if required:
                self.require(key)
            return default
        return number(self.data[key], self.at(key), key)

    def whole(self, key: str, default: int | None = None) -> int | None:
        if key not in self.data:
            return default
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.issue(key, "schema.whole", what=key, got=show(value))
        return int(value)

    def text(self, key: str, required: bool = False) -> Text:
        if key not in self.data:
            if required:
                self.require(key)
            return Text({})
        return localized(self.data[key], self.at(key), key)

    def choice(self, key: str, choices: tuple[str, ...], default: str | None) -> str | None:
        if key not in self.data:
            return default
        value = self.data[key]
        if value not in choices:
            raise self.issue(key, "schema.choice", what=key, got=show(value), choices=" | ".join(choices))
        return cast(str, value)

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.issue(key, "schema.type", expected="list of text", got=type_name(value), what=key)
        return tuple(value)

    def date(self, key: str) -> dt.date | None:
        if key not in self.data or self.data[key] is None:
            return None
        return date_value(self.data[key], self.at(key), key)


def show(value: Any) -> str:
    if isinstance(value, Decimal):
        return str(value)
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:37] + "..."


def number(value: Any, path: DocPath, what: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise Issue(path, "schema.type", expected="number", got=type_name(value), what=what)
    return Fraction(value)


def date_value(value: Any, path: DocPath, what: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise Issue(path, "schema.date", what=what, got=show(value))


def localized(value: Any, path: DocPath, what: str) -> Text:
    if isinstance(value, str):
        if not value.strip():
            raise Issue(path, "schema.empty", what=what)
        return Text({"zh": value})
    if isinstance(value, dict) and value:
        for lang, text in value.items():
            if not LANG_CODE.match(lang):
                raise Issue((*path, lang), "schema.lang", at_key=True, lang=lang)
            if not isinstance(text, str) or not text.strip():
                raise Issue((*path, lang), "schema.type", expected="text", got=type_name(text), what=f"{what}.{lang}")
        return Text(dict(value))
    raise Issue(path, "schema.type", expected="text or {zh: ..., en: ...}", got=type_name(value), what=what)


def scalar(value: Any, path: DocPath, what: str) -> Scalar:
    if isinstance(value, IntLiteral):
        return int(value)
    if value is None or isinstance(value, (str, bool, int)):
        return cast(Scalar, value)
    if isinstance(value, Decimal):
        return Fraction(value)
    raise Issue(path, "schema.type", expected="text, number or true/false", got=type_name(value), what=what)


def top_mapping(doc: Doc, data: Any, what: str, expected: str) -> Map:
    """The document's top mapping, its ``format`` checked; raises with the located problem if not."""
    try:
        top = Map(data, (), what)
    except Issue as issue:
        doc.add(issue)
        doc.raise_if_any()
        raise
    if not check_format(doc, top, expected):
        doc.raise_if_any()
    return top


def check_format(doc: Doc, top: Map, expected: str) -> bool:
    if not top.has("format"):
        doc.add(Issue((), "schema.missing", key="format", what=expected.split("/")[0].replace("civcheck.", "")))
        return False
    if top.data["format"] != expected:
        doc.add(top.issue("format", "schema.format", got=show(top.data["format"]), expected=expected))
        return False
    return True


def peek_format(data: Any) -> str | None:
    """The ``format`` a parsed document declares, if any."""
    if isinstance(data, dict):
        value = data.get("format")
        return value if isinstance(value, str) else None
    return None
