"""The one module that parses files: checklists and answers, YAML or JSON.

Everything a user writes is untrusted and often hand-edited, so parsing is
strict and every problem is located:

* YAML is read with libyaml's C parser where available, but never with a
  constructor that can run code: nodes are turned into plain values here,
  and any tag outside the YAML core schema (``!!python/...``, ``!!binary``,
  custom tags) is an error.
* Duplicate mapping keys are errors — PyYAML silently keeps the last one, so
  a mistyped answer would vanish without a word.
* Alias expansion is budgeted by the file's size (a "billion laughs" file is
  refused quickly) and nesting is capped.
* UTF-8 with or without BOM, UTF-16 with BOM, and GB18030/GBK (what Windows
  office software writes in China) are decoded; anything else is refused
  naming the encoding that failed.
* Schema problems are collected with their place in the document (a path of
  keys) and only then located, by composing the text once more: that costs
  nothing on the fast path, where files are valid.

All mapping keys are read as text: ``1.10:`` is the item id ``"1.10"``, not
the number 1.1.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, cast

from civcheck.atomic import note_input
from civcheck.errors import InputError, Problem
from civcheck.model import (
    ATTRIBUTE_TYPES,
    EVIDENCE,
    KINDS,
    METHODS,
    MODELS,
    Answer,
    Assessment,
    Attribute,
    Checklist,
    Expect,
    Grade,
    Item,
    Level,
    Scalar,
    Section,
    Site,
    Text,
)
from civcheck.text import describe, first_bad

if TYPE_CHECKING:
    from civcheck.catalog import Catalog

CHECKLIST_FORMAT = "civcheck.checklist/1"
ANSWERS_FORMAT = "civcheck.answers/1"
SITES_FORMAT = "civcheck.sites/1"

MAX_DEPTH = 64
MAX_BYTES = 32 * 1024 * 1024
MAX_CELL = 32_767  # the most a spreadsheet cell holds (Excel, WPS); a longer CSV field is no cell anyone typed

CHECKLIST_ID = re.compile(r"^[a-z0-9-]+$")
ITEM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
LANG_CODE = re.compile(r"^[a-z]{2,3}([-_][A-Za-z0-9]+)*$")

DocPath = tuple[Any, ...]

DEFAULT_LEVELS: tuple[Level, ...] = (
    Level("excellent", Fraction(1), Text({"zh": "优", "en": "Excellent"})),
    Level("good", Fraction(4, 5), Text({"zh": "良", "en": "Good"})),
    Level("fair", Fraction(3, 5), Text({"zh": "中", "en": "Fair"})),
    Level("poor", Fraction(0), Text({"zh": "差", "en": "Poor"})),
)


# --------------------------------------------------------------------------
# Text decoding


def read_bytes(path: str | Path, limit: int = MAX_BYTES) -> bytes:
    """A regular file's bytes (up to *limit*), with a located error for anything that stops reading.

    Only regular files are read: a FIFO or a device named ``*.yaml`` would
    block or never end.  The file is opened without blocking and checked
    before a byte is read.
    """
    import stat

    name = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise InputError.at(name, 1, 1, "io.directory") from None
    except FileNotFoundError:
        raise InputError.at(name, 1, 1, "io.not_found") from None
    except OSError as exc:
        if os.path.isdir(path):
            raise InputError.at(name, 1, 1, "io.directory") from None
        raise InputError.at(name, 1, 1, "io.unreadable", reason=exc.strerror or str(exc)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError.at(name, 1, 1, "io.directory")
        if not stat.S_ISREG(info.st_mode):
            raise InputError.at(name, 1, 1, "io.not_regular")
        note_input(info)
        if info.st_size > limit:
            raise InputError.at(name, 1, 1, "io.too_large", limit=_mb(limit))
        chunks = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise InputError.at(name, 1, 1, "io.unreadable", reason=exc.strerror or str(exc)) from None
    finally:
        os.close(fd)
    if size > limit:
        raise InputError.at(name, 1, 1, "io.too_large", limit=_mb(limit))
    return b"".join(chunks)


def _mb(limit: int) -> str:
    return f"{limit / (1024 * 1024):g}"


def read_text(path: str | Path) -> str:
    """Read a text file the way clerks' files actually arrive.

    UTF-8 (BOM or not), UTF-16 with a BOM (Notepad's "Unicode"), then
    GB18030, a superset of GBK and GB2312.  NUL bytes mean a binary file.
    """
    return decode(read_bytes(path), str(path))


def decode(data: bytes, name: str) -> str:
    """Decode *data* (see :func:`read_text`); errors name the file."""
    if len(data) > MAX_BYTES:
        raise InputError.at(name, 1, 1, "io.too_large", limit=_mb(MAX_BYTES))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _decode_error(data, name, exc, "UTF-16") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data:
        line, column = _byte_position(data, data.index(b"\x00"))
        raise InputError.at(name, line, column, "io.binary")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise _decode_error(data, name, utf8_error, "UTF-8 / GB18030") from None


def _decode_error(data: bytes, name: str, exc: UnicodeDecodeError, tried: str) -> InputError:
    line, column = _byte_position(data, exc.start)
    return InputError.at(name, line, column, "io.encoding", encodings=tried)


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return line, column


def _char_position(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


# --------------------------------------------------------------------------
# YAML and JSON to plain values


def _yaml() -> Any:
    import yaml

    return yaml


def _loader_class() -> Any:
    yaml = _yaml()
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_TAG = "tag:yaml.org,2002:"
_SAFE_SCALARS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_FLOAT_CLEAN = re.compile(r"[_]")
_DECIMAL_INT = re.compile(r"^[-+]?[0-9][0-9_]*$")


MAX_DIGITS = 30  # no count, score or weight has more; a longer number is a mistake or an attack


def _sane(value: Decimal) -> bool:
    """Finite and of a size a checklist can mean: Fraction(1e-999999999) would take forever."""
    return value.is_finite() and (value.is_zero() or abs(value.adjusted()) <= MAX_DIGITS)


class IntLiteral(int):
    """A whole number that remembers how it was written (``0012`` stays ``"0012"`` as an id)."""

    literal: str

    def __new__(cls, literal: str) -> IntLiteral:
        value = super().__new__(cls, int(literal.replace("_", "")))
        value.literal = literal
        return value


class BadScalar(ValueError):
    """A scalar the loader refuses, with the message key and arguments that say why."""

    def __init__(self, key: str, **args: Any) -> None:
        super().__init__(key)
        self.key = key
        self.details = args


_TAG_PATTERNS: dict[str, list[re.Pattern[str]]] = {}


def _fits_tag(tag: str, text: str) -> bool:
    """Whether *text* is spelled as YAML spells a value of *tag* (what an untagged scalar would need)."""
    if not _TAG_PATTERNS:
        resolvers = _yaml().resolver.Resolver.yaml_implicit_resolvers
        for entries in resolvers.values():
            for resolved, pattern in entries:
                if pattern not in _TAG_PATTERNS.setdefault(resolved, []):
                    _TAG_PATTERNS[resolved].append(pattern)
    return any(pattern.match(text) for pattern in _TAG_PATTERNS.get(tag, [])) or (tag == _TAG + "null" and not text)


def scalar_value(node: Any, constructor: Any) -> Any:
    """A YAML scalar node as civcheck reads it (the loader, and lint, which must agree).

    Core-schema tags only; floats become exact Decimals from their literal;
    ``0012`` is twelve and keeps its spelling; YAML 1.1's base 60 (``1:30``)
    stays text; absurd sizes and impossible dates are refused.
    """
    tag = node.tag
    if tag == _TAG + "str":
        value = node.value
        bad = first_bad(value)
        if bad is not None:
            raise BadScalar("text.bad_char", code=describe(value[bad]))
        return value
    if tag not in _SAFE_SCALARS:
        raise BadScalar("yaml.tag", tag=tag)
    if not _fits_tag(tag, node.value):  # an explicit !!int good: the tag promises what the text is not
        raise BadScalar("yaml.tag_value", tag=tag.replace(_TAG, "!!"), value=node.value[:40])
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "bool":
        return constructor.construct_yaml_bool(node)
    if tag == _TAG + "int":
        literal = node.value
        if ":" in literal:  # YAML 1.1 base 60 (1:30 is 90): text, as YAML 1.2 reads it
            return literal
        if len(literal) > MAX_DIGITS + 10:
            raise BadScalar("yaml.too_big", value=literal[:12] + "...")
        if _DECIMAL_INT.match(literal):
            # 0012 is twelve, not YAML 1.1's octal ten; the spelling is kept for ids.
            return IntLiteral(literal)
        return constructor.construct_yaml_int(node)
    if tag == _TAG + "float":
        try:
            value = Decimal(_FLOAT_CLEAN.sub("", node.value))
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite():
            raise BadScalar("yaml.not_finite", value=node.value)
        if not _sane(value):
            raise BadScalar("yaml.too_big", value=node.value)
        return value
    try:
        return constructor.construct_yaml_timestamp(node)
    except ValueError:
        raise BadScalar("yaml.bad_date", value=node.value) from None


class _Builder:
    """Turns a composed YAML node tree into plain Python values.

    Floats become :class:`~decimal.Decimal` from their literal text, so
    ``per: 0.1`` means exactly one tenth.
    """

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        # Alias expansion is budgeted in characters: a file may repeat itself once over, not a thousand times
        # ("billion laughs", or one 100 KB string aliased 20,000 times).
        self.budget = 2 * len(text) + 10_000
        constructor = _yaml().constructor.SafeConstructor
        self.constructor = constructor()

    def fail(self, node: Any, msg: str, /, **args: Any) -> NoReturn:
        if "tag" in args:
            args["tag"] = str(args["tag"]).replace(_TAG, "!!")
        mark = node.start_mark
        raise InputError.at(self.name, mark.line + 1, mark.column + 1, msg, **args)

    def build(self, node: Any, depth: int = 0) -> Any:
        self.budget -= 1 + (len(node.value) if isinstance(node.value, str) else 0)
        if self.budget < 0:
            self.fail(node, "yaml.alias_bomb")
        if depth > MAX_DEPTH:
            self.fail(node, "yaml.too_deep", limit=MAX_DEPTH)
        nodes = _yaml().nodes
        if isinstance(node, nodes.ScalarNode):
            return self.scalar(node)
        if isinstance(node, nodes.SequenceNode):
            if node.tag != _TAG + "seq":
                self.fail(node, "yaml.tag", tag=node.tag)
            return [self.build(child, depth + 1) for child in node.value]
        if node.tag != _TAG + "map":
            self.fail(node, "yaml.tag", tag=node.tag)
        return self.mapping(node, depth)

    def scalar(self, node: Any) -> Any:
        try:
            return scalar_value(node, self.constructor)
        except BadScalar as bad:
            self.fail(node, bad.key, **bad.details)
        except (ValueError, KeyError, AttributeError, TypeError, OverflowError):  # a constructor's own refusal
            self.fail(node, "yaml.tag_value", tag=str(node.tag).replace(_TAG, "!!"), value=str(node.value)[:40])

    def mapping(self, node: Any, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        nodes = _yaml().nodes
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                merged.update(self.merge(value_node, depth))
                continue
            if not isinstance(key_node, nodes.ScalarNode) or key_node.tag not in _SAFE_SCALARS:
                self.fail(key_node, "yaml.key_type")
            key = key_node.value
            bad = first_bad(key)
            if bad is not None:
                self.fail(key_node, "text.bad_char", code=describe(key[bad]))
            if key in result:
                self.fail(key_node, "yaml.duplicate_key", key=key)
            result[key] = self.build(value_node, depth + 1)
        for key, value in merged.items():
            result.setdefault(key, value)
        return result

    def merge(self, node: Any, depth: int) -> dict[str, Any]:
        nodes = _yaml().nodes
        sources = node.value if isinstance(node, nodes.SequenceNode) else [node]
        merged: dict[str, Any] = {}
        for source in reversed(sources):
            if not isinstance(source, nodes.MappingNode):
                self.fail(source, "yaml.merge")
            merged.update(self.mapping(source, depth + 1))
        return merged


_NOT_PRINTABLE = "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"


MAX_NODES = 500_000  # a node costs about half a kilobyte once composed; a roster of 20,000 sites has 300,000


def _count_nodes(text: str, name: str) -> None:
    """Refuse a file of more than :data:`MAX_NODES` nodes before composing it (a list of 15 million zeros).

    A node takes at least one character, so only files longer than the limit
    are counted, by streaming the parser's events (memory stays flat).
    """
    yaml = _yaml()
    nodes = 0
    try:
        for event in yaml.parse(text, Loader=_loader_class()):
            if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                nodes += 1
                if nodes > MAX_NODES:
                    mark = event.start_mark
                    raise InputError.at(name, mark.line + 1, mark.column + 1, "yaml.too_many_nodes", limit=MAX_NODES)
    except yaml.YAMLError:
        return  # composing reports the syntax error with its place


def compose(text: str, name: str) -> Any:
    """Compose *text* into a YAML node tree (with marks), with located syntax errors.

    The tree is what tools that report positions (``civcheck lint``) walk;
    :func:`parse_yaml` builds plain values from it.
    """
    yaml = _yaml()
    if len(text) > MAX_NODES:
        _count_nodes(text, name)
    loader = _loader_class()(text)
    try:
        return loader.get_single_node()
    except yaml.reader.ReaderError:
        match = re.search(_NOT_PRINTABLE, text)
        offset = match.start() if match else 0
        line, column = _char_position(text, offset)
        code = f"{ord(text[offset]):#06x}" if match else "?"
        raise InputError.at(name, line, column, "yaml.bad_char", code=code) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(str(p) for p in (exc.context, exc.problem) if p) or "syntax error"
        raise InputError.at(name, line, column, "yaml.syntax", detail=problem) from None
    except yaml.YAMLError as exc:
        raise InputError.at(name, 1, 1, "yaml.syntax", detail=str(exc).splitlines()[0]) from None
    except RecursionError:
        raise InputError.at(name, 1, 1, "yaml.too_deep", limit=MAX_DEPTH) from None
    finally:
        loader.dispose()


def parse_yaml(text: str, name: str) -> Any:
    """Parse YAML *text* into plain values (dicts, lists, str, int, Decimal…)."""
    node = compose(text, name)
    if node is None:
        raise InputError.at(name, 1, 1, "io.empty")
    try:
        return _Builder(name, text).build(node)
    except RecursionError:
        raise InputError.at(name, 1, 1, "yaml.too_deep", limit=MAX_DEPTH) from None


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


def _json_position(text: str, pattern: str, occurrence: int) -> tuple[int, int]:
    """Where the *occurrence*-th match of *pattern* starts (1, 1 if it cannot be found)."""
    matches = list(re.finditer(pattern, text))
    if len(matches) < occurrence:
        return 1, 1
    return _char_position(text, matches[occurrence - 1].start())


class _TooBig(Exception):
    def __init__(self, literal: str) -> None:
        super().__init__(literal)
        self.literal = literal


def _json_decimal(literal: str) -> Decimal:
    value = Decimal(literal)
    if not _sane(value):
        raise _TooBig(literal)
    return value


def _json_int(literal: str) -> int:
    if len(literal) > MAX_DIGITS + 10:
        raise _TooBig(literal)
    return int(literal)


def _reject_constant(value: str) -> NoReturn:
    raise ValueError(value)


# JSON escapes that may decode to a character civcheck does not carry (text.py): \b, \f, controls, surrogates.
_JSON_SUSPECT = re.compile(r"\\[bfr]|\\u(?:00[01]|007|00[89]|d[89a-f])", re.IGNORECASE)


def _json_bad_text(value: Any, text: str, name: str) -> None:
    """Refuse a string holding an escaped control character or lone surrogate (raw ones are JSON errors)."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            stack.extend(current.keys())
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
        elif isinstance(current, str):
            bad = first_bad(current)
            if bad is not None:
                code = ord(current[bad])
                spelled = {8: r"\\b", 12: r"\\f", 13: r"\\r"}.get(code, "") + rf"|\\u{code:04x}"
                found = re.search(spelled.lstrip("|"), text, re.IGNORECASE)
                line, column = _char_position(text, found.start()) if found else (1, 1)
                raise InputError.at(name, line, column, "text.bad_char", code=describe(current[bad]))


def parse_json(text: str, name: str) -> Any:
    """Parse JSON *text*; numbers with a fraction become Decimal."""
    if not text.strip():
        raise InputError.at(name, 1, 1, "io.empty")
    try:
        value = json.loads(
            text.lstrip("\ufeff"),
            object_pairs_hook=_no_duplicates,
            parse_float=_json_decimal,
            parse_int=_json_int,
            parse_constant=_reject_constant,
        )
    except json.JSONDecodeError as exc:
        raise InputError.at(name, exc.lineno, exc.colno, "json.syntax", detail=exc.msg) from None
    except _DuplicateKey as dup:
        # The second spelling of the key in the text is the duplicate; JSON
        # is also YAML's flow style, so the YAML reader can confirm the place.
        try:
            parse_yaml(text, name)
        except InputError as exc:
            if exc.problems[0].key == "yaml.duplicate_key":
                raise
        line, column = _json_position(text, re.escape(json.dumps(dup.key, ensure_ascii=False)) + r"\s*:", 2)
        raise InputError.at(name, line, column, "yaml.duplicate_key", key=dup.key) from None
    except _TooBig as big:
        line, column = _json_position(text, re.escape(big.literal[:40]), 1)
        raise InputError.at(name, line, column, "yaml.too_big", value=big.literal[:12] + "...") from None
    except ValueError as exc:
        line, column = _json_position(text, r"\b(?:NaN|-?Infinity)\b", 1)
        raise InputError.at(name, line, column, "yaml.not_finite", value=str(exc)) from None
    except RecursionError:
        raise InputError.at(name, 1, 1, "yaml.too_deep", limit=MAX_DEPTH) from None
    if "\\" in text and _JSON_SUSPECT.search(text):
        _json_bad_text(value, text, name)
    return value


def parse_document(text: str, name: str) -> Any:
    """Parse by file extension: ``.json`` as JSON, anything else as YAML."""
    if name.lower().endswith(".json"):
        return parse_json(text, name)
    text = text.lstrip("\ufeff")
    return parse_yaml(text, name)


def locate(text: str, path: DocPath, at_key: bool = False) -> tuple[int, int]:
    """The 1-based line and column of the node at *path* in *text*.

    With *at_key* the position of the mapping key is returned rather than its
    value.  A path that leads nowhere stops at the deepest node it reached,
    which is where a missing key belongs.
    """
    return locate_all(text, [(path, at_key)])[0]


def locate_all(text: str, wanted: list[tuple[DocPath, bool]]) -> list[tuple[int, int]]:
    """:func:`locate` for many paths, composing the text once (2,000 bad keys cost one parse, not 2,000)."""
    try:
        root = compose(text.lstrip("\ufeff"), "")
    except InputError:
        return [(1, 1)] * len(wanted)
    if root is None:
        return [(1, 1)] * len(wanted)
    nodes = _yaml().nodes
    keys: dict[int, dict[Any, tuple[Any, Any]]] = {}

    def entries(node: Any) -> dict[Any, tuple[Any, Any]]:
        index = keys.get(id(node))
        if index is None:
            index = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, nodes.ScalarNode):
                    index.setdefault(key_node.value, (key_node, value_node))
            keys[id(node)] = index
        return index

    found = []
    for path, at_key in wanted:
        node = root
        mark = node.start_mark
        for depth, step in enumerate(path):
            last = depth == len(path) - 1
            if isinstance(node, nodes.MappingNode):
                pair = entries(node).get(step)
                if pair is None:
                    break
                mark = pair[0].start_mark if (last and at_key) else pair[1].start_mark
                node = pair[1]
            elif isinstance(node, nodes.SequenceNode) and isinstance(step, int) and step < len(node.value):
                node = node.value[step]
                mark = node.start_mark
            else:
                break
        found.append((mark.line + 1, mark.column + 1))
    return found


# --------------------------------------------------------------------------
# Schema checking: a tiny typed reader over plain values


class _Issue(Exception):
    """A schema problem at a document path; located later."""

    def __init__(self, path: DocPath, msg: str, /, at_key: bool = False, **args: Any) -> None:
        super().__init__(msg)
        self.path = path
        self.key = msg
        self.at_key = at_key
        self.args_ = args


class _Doc:
    """Collects schema problems for one file, then locates them all at once."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text
        self.issues: list[_Issue] = []

    def add(self, issue: _Issue) -> None:
        self.issues.append(issue)

    def guard(self, fn: Callable[[], Any]) -> Any:
        """Run *fn*, recording an :class:`_Issue` it raises instead of stopping."""
        try:
            return fn()
        except _Issue as issue:
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


class _Map:
    """A mapping being read: typed access that raises located issues."""

    def __init__(self, data: Any, path: DocPath, what: str) -> None:
        if not isinstance(data, dict):
            raise _Issue(path, "schema.type", expected="mapping", got=type_name(data), what=what)
        self.data: dict[str, Any] = data
        self.path = path
        self.what = what

    def has(self, key: str) -> bool:
        return key in self.data

    def at(self, key: str) -> DocPath:
        return (*self.path, key)

    def issue(self, key: str, msg: str, /, at_key: bool = False, **args: Any) -> _Issue:
        return _Issue(self.at(key), msg, at_key=at_key, key=key, **args)

    def require(self, key: str) -> Any:
        if key not in self.data:
            raise _Issue(self.path, "schema.missing", key=key, what=self.what)
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
        return _number(self.data[key], self.at(key), key)

    def whole(self, key: str, default: int | None = None) -> int | None:
        if key not in self.data:
            return default
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.issue(key, "schema.whole", what=key, got=_show(value))
        return int(value)

    def text(self, key: str, required: bool = False) -> Text:
        if key not in self.data:
            if required:
                self.require(key)
            return Text({})
        return _text(self.data[key], self.at(key), key)

    def choice(self, key: str, choices: tuple[str, ...], default: str | None) -> str | None:
        if key not in self.data:
            return default
        value = self.data[key]
        if value not in choices:
            raise self.issue(key, "schema.choice", what=key, got=_show(value), choices=" | ".join(choices))
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
        return _date(self.data[key], self.at(key), key)


def _show(value: Any) -> str:
    if isinstance(value, Decimal):
        return str(value)
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:37] + "..."


def _number(value: Any, path: DocPath, what: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise _Issue(path, "schema.type", expected="number", got=type_name(value), what=what)
    return Fraction(value)


def _date(value: Any, path: DocPath, what: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _Issue(path, "schema.date", what=what, got=_show(value))


def _text(value: Any, path: DocPath, what: str) -> Text:
    if isinstance(value, str):
        if not value.strip():
            raise _Issue(path, "schema.empty", what=what)
        return Text({"zh": value})
    if isinstance(value, dict) and value:
        for lang, text in value.items():
            if not LANG_CODE.match(lang):
                raise _Issue((*path, lang), "schema.lang", at_key=True, lang=lang)
            if not isinstance(text, str) or not text.strip():
                raise _Issue((*path, lang), "schema.type", expected="text", got=type_name(text), what=f"{what}.{lang}")
        return Text(dict(value))
    raise _Issue(path, "schema.type", expected="text or {zh: ..., en: ...}", got=type_name(value), what=what)


def _scalar(value: Any, path: DocPath, what: str) -> Scalar:
    if isinstance(value, IntLiteral):
        return int(value)
    if value is None or isinstance(value, (str, bool, int)):
        return cast(Scalar, value)
    if isinstance(value, Decimal):
        return Fraction(value)
    raise _Issue(path, "schema.type", expected="text, number or true/false", got=type_name(value), what=what)


# --------------------------------------------------------------------------
# Checklists

_CHECKLIST_KEYS = (
    "format", "id", "version", "title", "site_types", "source", "tags", "scoring", "levels", "attributes", "sections",
)  # fmt: skip
_ATTRIBUTE_KEYS = ("type", "label", "values")
_SCORING_KEYS = ("model", "decimals", "pass_mark", "strong_mark", "total", "grades")
_SECTION_KEYS = ("id", "title", "weight", "items", "sections")
_ITEM_KEYS = (
    "id",
    "text",
    "kind",
    "points",
    "per",
    "critical",
    "na",
    "when",
    "levels",
    "method",
    "evidence",
    "hint",
    "sample",
    "owner",
    "remedy",
    "deadline_days",
    "tags",
)


def load_checklist(path: str | Path) -> Checklist:
    """Read and check a checklist file; raises :class:`InputError`."""
    name = str(path)
    text = read_text(path)
    data = parse_document(text, name)
    return checklist_from_data(data, name, text)


def _top(doc: _Doc, data: Any, what: str, expected: str) -> _Map:
    """The document's top mapping, its ``format`` checked; raises with the located problem if not."""
    try:
        top = _Map(data, (), what)
    except _Issue as issue:
        doc.add(issue)
        doc.raise_if_any()
        raise
    if not _check_format(doc, top, expected):
        doc.raise_if_any()
    return top


def _check_format(doc: _Doc, top: _Map, expected: str) -> bool:
    if not top.has("format"):
        doc.add(_Issue((), "schema.missing", key="format", what=expected.split("/")[0].replace("civcheck.", "")))
        return False
    if top.data["format"] != expected:
        doc.add(top.issue("format", "schema.format", got=_show(top.data["format"]), expected=expected))
        return False
    return True


def checklist_from_data(data: Any, name: str, text: str) -> Checklist:
    """Check parsed checklist *data* and build the model."""
    doc = _Doc(name, text)
    top = _top(doc, data, "checklist", CHECKLIST_FORMAT)
    doc.guard(lambda: top.only(_CHECKLIST_KEYS))
    checklist_id = doc.guard(lambda: top.string("id", required=True)) or ""
    if checklist_id and not CHECKLIST_ID.match(checklist_id):
        doc.add(top.issue("id", "schema.checklist_id", value=checklist_id))
    version = doc.guard(lambda: top.string("version", required=True)) or ""
    title = doc.guard(lambda: top.text("title", required=True)) or Text({})
    site_types = doc.guard(lambda: top.strings("site_types")) or ()
    tags = doc.guard(lambda: top.strings("tags")) or ()
    source = doc.guard(lambda: top.string("source")) or ""

    scoring = _Scoring()
    doc.guard(lambda: scoring.read(top, doc))
    levels = doc.guard(lambda: _levels(top)) if "levels" in top.data else DEFAULT_LEVELS
    levels = levels if levels is not None else DEFAULT_LEVELS

    attributes = doc.guard(lambda: _attributes(top)) if top.has("attributes") else ()
    builder = _SectionBuilder(doc, scoring.model, levels, attributes or (), top.has("attributes"))
    sections = doc.guard(lambda: builder.sections(top)) or ()
    doc.raise_if_any()
    return Checklist(
        id=checklist_id,
        version=version,
        title=title,
        sections=sections,
        grades=scoring.grades,
        site_types=site_types,
        source=source,
        model=cast(Any, scoring.model),
        decimals=scoring.decimals,
        pass_mark=scoring.pass_mark,
        strong_mark=scoring.strong_mark,
        total=scoring.total,
        tags=tags,
        path=name,
        attributes=attributes or (),
    )


def _attributes(top: _Map) -> tuple[Attribute, ...]:
    """The site attributes the checklist's ``when`` conditions use: type and label of each."""
    raw = _Map(top.data["attributes"], top.at("attributes"), "attributes")
    out = []
    for key in raw.data:
        entry = _Map(raw.data[key], raw.at(key), f"attributes.{key}")
        entry.only(_ATTRIBUTE_KEYS)
        kind = entry.choice("type", ATTRIBUTE_TYPES, "boolean") or "boolean"
        values: tuple[Scalar, ...] = ()
        if entry.has("values"):
            listed = entry.data["values"]
            if not isinstance(listed, list) or not listed:
                raise entry.issue("values", "schema.nonempty_list", what="values", got=type_name(listed))
            values = tuple(_scalar(v, (*entry.at("values"), n), f"{key}.values") for n, v in enumerate(listed))
        out.append(Attribute(key, cast(Any, kind), entry.text("label", required=True), values))
    return tuple(out)


def attribute_fits(attribute: Attribute, value: Scalar) -> bool:
    """Whether *value* is of the attribute's declared type (and among its listed values)."""
    if attribute.type == "boolean":
        ok = isinstance(value, bool)
    elif attribute.type == "number":
        ok = isinstance(value, (int, Fraction)) and not isinstance(value, bool)
    else:
        ok = isinstance(value, str)
    return ok and (not attribute.values or value in attribute.values)


class _Scoring:
    def __init__(self) -> None:
        self.model = "points"
        self.decimals = 2
        self.pass_mark = Fraction(60)
        self.strong_mark = Fraction(90)
        self.total: Fraction | None = None
        self.grades: tuple[Grade, ...] = ()

    def read(self, top: _Map, doc: _Doc) -> None:
        raw = top.data.get("scoring")
        scoring = _Map({} if raw is None else raw, top.at("scoring"), "scoring")
        scoring.only(_SCORING_KEYS)
        self.model = scoring.choice("model", MODELS, "points") or "points"
        decimals = scoring.whole("decimals", 2)
        if decimals is None or decimals > 6:
            raise scoring.issue("decimals", "schema.range", what="decimals", low=0, high=6, got=_show(decimals))
        self.decimals = decimals
        for key in ("pass_mark", "strong_mark"):
            value = scoring.number(key, default=getattr(self, key))
            if value is None or not 0 <= value <= 100:
                raise scoring.issue(key, "schema.range", what=key, low=0, high=100, got=_show(scoring.data[key]))
            setattr(self, key, value)
        total = scoring.number("total")
        if total is not None and total <= 0:
            raise scoring.issue("total", "schema.positive", what="total")
        self.total = total
        self.grades = self._grades(scoring) if scoring.has("grades") else self._default_grades()

    def _default_grades(self) -> tuple[Grade, ...]:
        return (
            Grade("pass", self.pass_mark, Text({"zh": "合格", "en": "Pass"})),
            Grade("fail", Fraction(0), Text({"zh": "不合格", "en": "Fail"})),
        )

    def _grades(self, scoring: _Map) -> tuple[Grade, ...]:
        raw = scoring.data["grades"]
        path = scoring.at("grades")
        if not isinstance(raw, list) or not raw:
            raise _Issue(path, "schema.type", expected="list of grades", got=type_name(raw), what="grades")
        grades: list[Grade] = []
        for n, entry in enumerate(raw):
            band = _Map(entry, (*path, n), "grade")
            band.only(("id", "min", "label"))
            grade_min = band.number("min", required=True) or Fraction(0)
            if grades and grade_min >= grades[-1].min:
                raise band.issue("min", "schema.grades_order")
            grades.append(Grade(band.string("id", required=True), grade_min, band.text("label")))
        if grades[-1].min != 0:
            raise _Issue((*path, len(raw) - 1, "min"), "schema.grades_zero")
        return tuple(grades)


def _levels(top: _Map) -> tuple[Level, ...]:
    raw = _Map(top.data["levels"], top.at("levels"), "levels")
    if not raw.data:
        return ()
    levels = []
    for key in raw.data:
        entry = _Map(raw.data[key], raw.at(key), f"levels.{key}")
        entry.only(("fraction", "label"))
        fraction = entry.number("fraction", required=True) or Fraction(0)
        if not 0 <= fraction <= 1:
            raise entry.issue("fraction", "schema.range", what="fraction", low=0, high=1, got=str(float(fraction)))
        levels.append(Level(key, fraction, entry.text("label")))
    return tuple(levels)


def _deadline(it: _Map) -> int | None:
    days = it.whole("deadline_days")
    if days is not None and days > 3650:
        raise it.issue("deadline_days", "schema.range", what="deadline_days", low=0, high=3650, got=days)
    return days


class _SectionBuilder:
    """Builds sections and items, checking ids are unique across the file."""

    def __init__(
        self, doc: _Doc, model: str, levels: tuple[Level, ...], attributes: tuple[Attribute, ...], declared: bool
    ) -> None:
        self.doc = doc
        self.model = model
        self.levels = levels
        self.attributes = {a.id: a for a in attributes}
        self.declared = declared  # a checklist that declares attributes must declare every one it uses
        self.item_ids: set[str] = set()
        self.section_ids: set[str] = set()

    def sections(self, parent: _Map, key: str = "sections") -> tuple[Section, ...]:
        raw = parent.require(key)
        path = parent.at(key)
        if not isinstance(raw, list) or not raw:
            raise _Issue(path, "schema.nonempty_list", what=key, got=type_name(raw))
        result = []
        for n, entry in enumerate(raw):
            section = self.doc.guard(partial(self.section, entry, (*path, n)))
            if section is not None:
                result.append(section)
        return tuple(result)

    def section(self, raw: Any, path: DocPath) -> Section:
        sec = _Map(raw, path, "section")
        sec.only(_SECTION_KEYS)
        section_id = sec.string("id", required=True)
        if section_id in self.section_ids:
            raise sec.issue("id", "schema.duplicate_id", id=section_id)
        self.section_ids.add(section_id)
        title = sec.text("title")
        weight = sec.number("weight")
        if weight is not None and weight <= 0:
            raise sec.issue("weight", "schema.positive", what="weight")
        if self.model == "weighted" and weight is None:
            raise _Issue(path, "schema.weight_missing", id=section_id)
        has_items, has_sections = sec.has("items"), sec.has("sections")
        if has_items == has_sections:
            raise _Issue(path, "schema.section_content", id=section_id)
        if has_sections:
            return Section(section_id, title, weight, sections=self.sections(sec))
        raw_items = sec.data["items"]
        items_path = sec.at("items")
        if not isinstance(raw_items, list) or not raw_items:
            raise _Issue(items_path, "schema.nonempty_list", what="items", got=type_name(raw_items))
        items = []
        for n, entry in enumerate(raw_items):
            item = self.doc.guard(partial(self.item, entry, (*items_path, n)))
            if item is not None:
                items.append(item)
        return Section(section_id, title, weight, items=tuple(items))

    def item(self, raw: Any, path: DocPath) -> Item:
        it = _Map(raw, path, "item")
        it.only(_ITEM_KEYS)
        item_id = it.string("id", required=True)
        if not ITEM_ID.match(item_id):
            raise it.issue("id", "schema.item_id", value=item_id)
        if item_id in self.item_ids:
            raise it.issue("id", "schema.duplicate_id", id=item_id)
        self.item_ids.add(item_id)
        kind = it.choice("kind", KINDS, "check") or "check"
        points = it.number("points", required=True) or Fraction(0)
        if points <= 0:
            raise it.issue("points", "schema.positive", what="points")
        per = it.number("per")
        if kind == "deduct":
            if per is None:
                raise _Issue(path, "schema.per_missing", id=item_id)
            if per <= 0:
                raise it.issue("per", "schema.positive", what="per")
        elif per is not None:
            raise it.issue("per", "schema.per_kind", at_key=True, id=item_id)
        levels: tuple[Level, ...] = ()
        if kind == "grade":
            levels = self.item_levels(it)
            if not levels:
                raise _Issue(path, "schema.levels_missing", id=item_id)
        elif it.has("levels"):
            raise it.issue("levels", "schema.levels_kind", at_key=True, id=item_id)
        return Item(
            id=item_id,
            text=it.text("text", required=True),
            points=points,
            kind=cast(Any, kind),
            per=per,
            critical=it.boolean("critical", False),
            na=it.boolean("na", True),
            when=self.when(it),
            levels=levels,
            method=it.choice("method", METHODS, None),
            evidence=it.choice("evidence", EVIDENCE, None),
            hint=it.text("hint"),
            sample=it.text("sample"),
            owner=it.text("owner"),
            remedy=it.text("remedy"),
            deadline_days=_deadline(it),
        )

    def item_levels(self, it: _Map) -> tuple[Level, ...]:
        """A grade item uses the checklist's levels, or a subset named in ``levels``."""
        if not it.has("levels"):
            return self.levels
        keys = it.data["levels"]
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys) or not keys:
            raise it.issue("levels", "schema.type", expected="list of level keys", got=type_name(keys), what="levels")
        known = {level.id: level for level in self.levels}
        for n, key in enumerate(keys):
            if key not in known:
                raise _Issue((*it.at("levels"), n), "schema.unknown_level", level=key, known=", ".join(known))
        return tuple(known[key] for key in keys)

    def when(self, it: _Map) -> dict[str, tuple[Scalar, ...]]:
        if not it.has("when"):
            return {}
        raw = it.data["when"]
        if not isinstance(raw, dict) or not raw:
            raise it.issue("when", "schema.when_empty")
        when: dict[str, tuple[Scalar, ...]] = {}
        for key, value in raw.items():
            values = value if isinstance(value, list) else [value]
            if not values:
                raise _Issue((*it.at("when"), key), "schema.when_empty")
            when[key] = tuple(_scalar(v, (*it.at("when"), key), f"when.{key}") for v in values)
            if self.declared:
                attribute = self.attributes.get(key)
                if attribute is None:
                    raise _Issue((*it.at("when"), key), "schema.undeclared_attribute", at_key=True, key=key,
                                 known=", ".join(self.attributes) or "-")  # fmt: skip
                for n, v in enumerate(when[key]):
                    if not attribute_fits(attribute, v):
                        where = (*it.at("when"), key) if not isinstance(value, list) else (*it.at("when"), key, n)
                        raise _Issue(where, "schema.attribute_value", key=key, type=attribute.type, got=_show(v))
        return when


# --------------------------------------------------------------------------
# Answers

_ANSWERS_KEYS = ("format", "checklist", "checklist_version", "site", "round", "date", "assessor", "answers", "expect")
_SITE_KEYS = ("id", "name", "type", "types", "township", "grid", "attributes", "owner", "person")
_ANSWER_KEYS = ("status", "level", "found", "note", "evidence", "fixed_on_site", "owner", "person", "due")
_EXPECT_KEYS = ("score", "grade", "passed", "vetoed", "sections")


class RawAnswers:
    """An answers file checked on its own, before its checklist is known."""

    def __init__(self, name: str, text: str, data: dict[str, Any], top: _Map) -> None:
        self.name = name
        self.text = text
        self.data = data
        self.top = top
        self.checklist: str = data["checklist"]
        version = data.get("checklist_version")
        self.version: str | None = None if version is None else str(version)


def read_answers(path: str | Path) -> RawAnswers:
    """Read an answers file and check what does not need its checklist."""
    name = str(path)
    text = read_text(path)
    return answers_from_data(parse_document(text, name), name, text)


def answers_from_data(data: Any, name: str, text: str) -> RawAnswers:
    doc = _Doc(name, text)
    top = _top(doc, data, "answers file", ANSWERS_FORMAT)
    doc.guard(lambda: top.only(_ANSWERS_KEYS))
    doc.guard(lambda: top.string("checklist", required=True))
    doc.guard(lambda: top.string("checklist_version"))
    doc.guard(lambda: top.require("site"))
    doc.guard(lambda: top.require("answers"))
    doc.raise_if_any()
    return RawAnswers(name, text, data, top)


def bind_answers(raw: RawAnswers, checklist: Checklist) -> Assessment:
    """Check *raw* against its *checklist* and build the assessment."""
    doc = _Doc(raw.name, raw.text)
    top = raw.top
    site = doc.guard(lambda: _site(top))
    round_ = doc.guard(lambda: top.string("round", required=top.has("round"))) or ""
    date = doc.guard(lambda: top.date("date"))
    assessor = doc.guard(lambda: top.string("assessor")) or ""
    expect = doc.guard(lambda: _expect(top)) if top.has("expect") else None
    answers: dict[str, Answer] = {}
    raw_answers = top.data["answers"]
    if raw_answers is None:
        raw_answers = {}
    if not isinstance(raw_answers, dict):
        doc.add(top.issue("answers", "schema.type", expected="mapping", got=type_name(raw_answers), what="answers"))
    else:
        items, cache = _answer_cache(checklist)
        for item_id, value in raw_answers.items():
            # Most answers are short scalars (pass, 0, good): checked once per checklist, then shared.
            plain = type(value) is str or (isinstance(value, int) and not isinstance(value, bool))
            if plain:
                hit = cache.get((item_id, value))
                if hit is not None:
                    answers[item_id] = hit
                    continue
            answer = doc.guard(partial(_answer, item_id, value, items, checklist))
            if answer is not None:
                answers[item_id] = answer
                if plain and len(cache) < 100_000:
                    cache[(item_id, value)] = answer
    doc.raise_if_any()
    assert site is not None
    return Assessment(
        checklist=checklist.id,
        checklist_version=raw.version,
        site=site,
        answers=answers,
        round=round_,
        date=date,
        assessor=assessor,
        expect=expect,
        path=raw.name,
    )


_CACHES: dict[int, tuple[Checklist, dict[str, Item], dict[tuple[str, Any], Answer]]] = {}


def _answer_cache(checklist: Checklist) -> tuple[dict[str, Item], dict[tuple[str, Any], Answer]]:
    """The checklist's items by id, and the answers already read for scalar values (frozen, so shared)."""
    cached = _CACHES.get(id(checklist))
    if cached is None or cached[0] is not checklist:
        if len(_CACHES) > 64:
            _CACHES.clear()
        cached = (checklist, {item.id: item for item in checklist.iter_items()}, {})
        _CACHES[id(checklist)] = cached
    return cached[1], cached[2]


def _site(top: _Map) -> Site:
    return _site_map(_Map(top.data["site"], top.at("site"), "site"), _SITE_KEYS)


def _site_map(site: _Map, allowed: tuple[str, ...]) -> Site:
    site.only(allowed)
    attributes: dict[str, Scalar] = {}
    if site.has("attributes") and site.data["attributes"] is not None:
        attrs = _Map(site.data["attributes"], site.at("attributes"), "attributes")
        for key, value in attrs.data.items():
            attributes[key] = _scalar(value, attrs.at(key), f"attributes.{key}")
    site_type = site.string("type")
    types = site.strings("types") or ((site_type,) if site_type else ())
    return Site(
        id=site.string("id", required=True),
        name=site.string("name"),
        type=site_type,
        types=types,
        township=site.string("township"),
        grid=site.string("grid"),
        attributes=attributes,
        owner=site.string("owner"),
        person=site.string("person"),
    )


def _expect(top: _Map) -> Expect:
    exp = _Map(top.data["expect"], top.at("expect"), "expect")
    exp.only(_EXPECT_KEYS)
    score: Fraction | None = None
    if exp.has("score") and exp.data["score"] is not None:
        score = exp.number("score")
    sections: dict[str, Fraction | None] = {}
    if exp.has("sections"):
        raw = _Map(exp.data["sections"], exp.at("sections"), "expect.sections")
        for key, value in raw.data.items():
            sections[key] = None if value is None else _number(value, raw.at(key), key)
    passed = exp.boolean("passed", False) if exp.has("passed") else None
    vetoed = exp.boolean("vetoed", False) if exp.has("vetoed") else None
    return Expect(
        score=score,
        has_score=exp.has("score"),
        grade=exp.string("grade") or None,
        passed=passed,
        vetoed=vetoed,
        sections=sections,
    )


def _answer(item_id: str, value: Any, items: Mapping[str, Item], checklist: Checklist) -> Answer:
    path: DocPath = ("answers", item_id)
    item = items.get(item_id)
    if item is None:
        raise _Issue(path, "answers.unknown_item", at_key=True, item=item_id, checklist=checklist.id)
    if isinstance(value, dict):
        ans = _Map(value, path, item_id)
        ans.only(_ANSWER_KEYS)
        given = [key for key in ("status", "level", "found") if key in value]
        if len(given) > 1:
            raise ans.issue(given[1], "answers.both", at_key=True, first=given[0], second=given[1])
        if not given:
            raise _Issue(path, "answers.no_value", item=item_id)
        field = given[0]
        core = _answer_value(item, value[field], (*path, field), field)
        evidence = ans.strings("evidence")
        fixed = ans.boolean("fixed_on_site", False) if ans.has("fixed_on_site") else None
        return Answer(
            item=item_id,
            status=core.status,
            level=core.level,
            found=core.found,
            note=ans.string("note"),
            evidence=evidence,
            fixed_on_site=fixed,
            owner=ans.string("owner"),
            person=ans.string("person"),
            due=ans.date("due"),
        )
    return _answer_value(item, value, path, None)


def _answer_value(item: Item, value: Any, path: DocPath, field: str | None) -> Answer:
    """Read the core of an answer: a status, a level or a count, by item kind."""
    if value == "na" and field in (None, "status"):
        if not item.na:
            raise _Issue(path, "answers.na_refused", item=item.id)
        return Answer(item.id, status="na")
    if item.kind == "check":
        if field in (None, "status") and value in ("pass", "fail"):
            return Answer(item.id, status=cast(Any, value))
        raise _Issue(path, "answers.check_value", item=item.id, got=_show(value))
    if item.kind == "grade":
        if field in (None, "level") and isinstance(value, str):
            if item.level(value) is None:
                raise _Issue(
                    path,
                    "answers.unknown_level",
                    item=item.id,
                    level=value,
                    known=", ".join(level.id for level in item.levels),
                )
            return Answer(item.id, level=value)
        raise _Issue(
            path,
            "answers.grade_value",
            item=item.id,
            got=_show(value),
            known=", ".join(level.id for level in item.levels),
        )
    if field in (None, "found") and isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return Answer(item.id, found=int(value))
    if field in (None, "status") and value == "pass":
        return Answer(item.id, found=0)
    raise _Issue(path, "answers.found", item=item.id, got=_show(value))


def peek_format(data: Any) -> str | None:
    """The ``format`` a parsed document declares, if any."""
    if isinstance(data, dict):
        value = data.get("format")
        return value if isinstance(value, str) else None
    return None


def checklist_for(raw: RawAnswers, catalog: Catalog) -> Checklist:
    """The checklist an answers file names; a located error names what exists."""
    found = catalog.find(raw.checklist, raw.version)
    if found is not None:
        return found
    versions = catalog.versions(raw.checklist)
    doc = _Doc(raw.name, raw.text)
    if not versions:
        known = ", ".join(catalog.ids()) or "-"
        doc.add(raw.top.issue("checklist", "answers.unknown_checklist", id=raw.checklist, known=known))
    elif raw.version is None:
        doc.add(_Issue((), "answers.which_version", id=raw.checklist, versions=", ".join(c.version for c in versions)))
    else:
        doc.add(
            raw.top.issue(
                "checklist_version",
                "answers.version",
                id=raw.checklist,
                version=raw.version,
                versions=", ".join(c.version for c in versions),
            )
        )
    doc.raise_if_any()
    raise AssertionError("unreachable")


def load_assessment(path: str | Path, catalog: Catalog) -> tuple[Checklist, Assessment]:
    """Read an answers file and bind it to its checklist from *catalog*."""
    raw = read_answers(path)
    checklist = checklist_for(raw, catalog)
    return checklist, bind_answers(raw, checklist)


# --------------------------------------------------------------------------
# Sites roster (format.md §6)

_ROSTER_SITE_KEYS = ("id", "name", "township", "grid", "types", "type", "attributes", "owner", "person")


def load_sites(path: str | Path) -> list[Site]:
    """Read a sites roster (YAML, JSON or CSV); ids must be unique."""
    name = str(path)
    text = read_text(path)
    if name.lower().endswith(".csv"):
        return _sites_csv(text, name)
    data = parse_document(text, name)
    doc = _Doc(name, text)
    top = _top(doc, data, "sites roster", SITES_FORMAT)
    doc.guard(lambda: top.only(("format", "sites")))
    raw = doc.guard(lambda: top.require("sites"))
    sites: list[Site] = []
    if top.has("sites") and not isinstance(raw, list):
        doc.add(top.issue("sites", "schema.type", expected="list", got=type_name(raw), what="sites"))
    seen: set[str] = set()
    for n, entry in enumerate(raw if isinstance(raw, list) else []):
        site = doc.guard(partial(_roster_site, entry, ("sites", n)))
        if site is None:
            continue
        if site.id in seen:
            doc.add(_Issue(("sites", n, "id"), "schema.duplicate_id", id=site.id))
        seen.add(site.id)
        sites.append(site)
    doc.raise_if_any()
    return sites


def _roster_site(raw: Any, path: DocPath) -> Site:
    return _site_map(_Map(raw, path, "site"), _ROSTER_SITE_KEYS)


_CSV_COLUMNS = {
    "id": "id", "编号": "id", "点位编号": "id",
    "name": "name", "名称": "name", "点位": "name", "点位名称": "name",
    "township": "township", "乡镇": "township",
    "grid": "grid", "网格": "grid",
    "types": "types", "type": "types", "类型": "types", "点位类型": "types",
    "owner": "owner", "责任单位": "owner",
    "person": "person", "责任人": "person",
}  # fmt: skip
_LIST_SPLIT = re.compile(r"[;,、|\s]+")


def attribute_value(raw: str) -> Scalar:
    """A site attribute typed as text (a CSV cell, ``--attr``, a form): 是/否 and true/false, numbers, or text."""
    import unicodedata

    lowered = unicodedata.normalize("NFKC", raw).strip().lower()
    if lowered in ("true", "yes", "y", "是", "有"):
        return True
    if lowered in ("false", "no", "n", "否", "无"):
        return False
    if lowered.isascii() and lowered.isdigit() and len(lowered) <= MAX_DIGITS:
        return int(lowered)
    return raw.strip()


def _sites_csv(text: str, name: str) -> list[Site]:
    """A roster kept in a spreadsheet: a header row, one site per row.

    Known columns (English or Chinese headings) fill the site; every other
    column is an attribute (true/false, 是/否, numbers or text).
    """
    rows = _csv_rows(text, name)
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise InputError.at(name, 1, 1, "io.empty")
    header = [cell.strip() for cell in rows[0]]
    fields = [_CSV_COLUMNS.get(h, _CSV_COLUMNS.get(h.lower(), "")) for h in header]
    for n, field in enumerate(fields):
        if field and field in fields[:n]:  # 编号 and id both: which one is the site's id?
            first = header[fields.index(field)]
            raise InputError.at(name, 1, n + 1, "schema.duplicate_column", column=header[n], other=first)
    if "id" not in fields:
        raise InputError.at(name, 1, 1, "schema.missing", key="id", what="CSV header")
    problems: list[Problem] = []
    sites: list[Site] = []
    seen: set[str] = set()
    for line_no, cells in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in cells):
            continue
        bad_cells = [(n, cell, first_bad(cell)) for n, cell in enumerate(cells, 1) if first_bad(cell) is not None]
        if bad_cells:
            n, cell, bad = bad_cells[0]
            problems.append(Problem(name, line_no, n, "text.bad_char", {"code": describe(cell[bad or 0])}))
            continue
        values: dict[str, str] = {}
        attributes: dict[str, Scalar] = {}
        for heading, field, cell in zip(header, fields, cells, strict=False):
            if field:
                values[field] = cell.strip()
            elif heading and cell.strip():
                attributes[heading] = attribute_value(cell)
        site_id = values.get("id", "")
        column = fields.index("id") + 1
        if not site_id:
            problems.append(Problem(name, line_no, column, "schema.empty", {"what": "id"}))
            continue
        if site_id in seen:
            problems.append(Problem(name, line_no, column, "schema.duplicate_id", {"id": site_id}))
            continue
        seen.add(site_id)
        types = tuple(t for t in _LIST_SPLIT.split(values.get("types", "")) if t)
        sites.append(
            Site(
                id=site_id,
                name=values.get("name", ""),
                type=types[0] if len(types) == 1 else "",
                types=types,
                township=values.get("township", ""),
                grid=values.get("grid", ""),
                attributes=attributes,
                owner=values.get("owner", ""),
                person=values.get("person", ""),
            )
        )
    if problems:
        raise InputError(problems)
    return sites


# --------------------------------------------------------------------------
# A ledger written earlier (and perhaps edited in Excel or WPS)

_LEDGER_TEXT = ("site_name", "township", "grid", "item_text", "problem", "owner", "person", "remedy")
_LEDGER_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def _ledger_date(value: Any) -> dt.date | str | None:
    """A date as clerks write it (2026-07-25, 2026/7/25, 2026年7月25日, or a real date cell); text if not."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _LEDGER_DATE.match(str(value))
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    return str(value)


def load_ledger(path: str | Path, names: Mapping[str, str] | None = None) -> list[Any]:
    """Read a ledger civcheck wrote: JSON, CSV or an xlsx clerks may have edited by hand.

    Headings are matched in Chinese or English; columns civcheck does not
    know are kept with each entry; status words may be Chinese (整改中, 已销号…).
    *names* (site name -> id) lets a sheet whose 编号 column was deleted be
    matched by 点位 name.
    """
    name = str(path)
    lower = name.lower()
    if lower.endswith(".xlsx"):
        rows, where = _xlsx_rows(path)
        return _ledger_entries(rows, name, where, names)
    text = read_text(path)
    if lower.endswith(".json"):
        return _ledger_entries(_json_ledger_rows(text, name), name, None, names)

    from civcheck.render.csv_ import unsafe_cell

    rows = [[unsafe_cell(cell) for cell in r] for r in _csv_rows(text, name)]
    return _ledger_entries(rows, name, None, names)


def _csv_rows(text: str, name: str) -> list[list[str]]:
    """The rows of a CSV text; a field longer than any spreadsheet cell (32,767 characters) is a located error."""
    import csv
    import io

    csv.field_size_limit(MAX_BYTES)
    try:
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    except csv.Error as exc:
        raise InputError.at(name, 1, 1, "io.csv", reason=str(exc)) from None
    for line_no, row in enumerate(rows, 1):
        for column, cell in enumerate(row, 1):
            if len(cell) > MAX_CELL:
                raise InputError.at(name, line_no, column, "io.long_cell", limit=MAX_CELL)
    return rows


def _cell_text(value: Any, key: str = "") -> Any:
    """A JSON ledger value as the cell a spreadsheet would hold (lists joined, as in 出现轮次 and 处理记录)."""
    if isinstance(value, list):
        return ("\n" if key == "history" else ", ").join(str(v) for v in value)
    return value


def _json_ledger_rows(text: str, name: str) -> list[list[Any]]:
    """A JSON ledger as rows under a header, like the spreadsheets."""
    from civcheck.ledger import LEDGER_FORMAT

    doc = _Doc(name, text)
    top = _top(doc, parse_json(text, name), "ledger", LEDGER_FORMAT)
    entries = top.data.get("entries")
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        doc.add(top.issue("entries", "schema.type", expected="list", got=type_name(entries), what="entries"))
        doc.raise_if_any()
        return []
    header = [field for field, _, _ in _ledger_columns()]
    ignored = {"site", "item", "round", "extra"}
    extras = sorted({k for e in entries for k in e if k not in header and k not in ignored})
    rows = [header + extras]
    for e in entries:
        row = [_cell_text(e.get(k), k) for k in header] + [_cell_text(e.get(k), k) for k in extras]
        hand = e.get("extra") or {}
        if not isinstance(hand, dict):
            raise InputError.at(name, 1, 1, "schema.type", expected="mapping", got=type_name(hand), what="extra")
        for heading, value in hand.items():
            if heading not in rows[0]:
                rows[0].append(heading)
                for earlier in rows[1:]:
                    earlier.append(None)
            row += [None] * (len(rows[0]) - len(row))
            row[rows[0].index(heading)] = value
        row += [None] * (len(rows[0]) - len(row))
        rows.append(row)
    return rows


def _ledger_columns() -> tuple[tuple[str, str, str], ...]:
    from civcheck.ledger import COLUMNS

    return COLUMNS


# Workbooks are zip files of XML: their size on disk says little about what they expand to.
MAX_UNZIPPED = 256 * 1024 * 1024  # all members together, as the zip's directory declares them
MAX_MEMBERS = 10_000
MAX_ROWS = 200_000  # a county's ledger: 20,000 sites with 10 tasks each
MAX_COLUMNS = 256


def open_workbook(path: str | Path, unzipped: int = MAX_UNZIPPED) -> Any:
    """An xlsx workbook opened read-only, after its bytes *and* its expanded size were bounded.

    A 4 MB "zip bomb" declares gigabytes of XML; it is refused from the zip's
    own directory before anything is unpacked (a member is never read past
    the size its directory declares).
    """
    import io
    import warnings
    import zipfile

    from openpyxl import load_workbook

    name = str(path)
    data = read_bytes(path)
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError.at(name, 1, 1, "io.unreadable", reason=f"not an xlsx workbook ({exc})") from None
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > unzipped:
        raise InputError.at(name, 1, 1, "io.zip_bomb", limit=_mb(unzipped))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
            return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a damaged or foreign file fails in many ways inside openpyxl and zipfile
        reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        raise InputError.at(name, 1, 1, "io.unreadable", reason=reason) from None


def sheet_rows(sheet: Any, name: str, max_rows: int = MAX_ROWS) -> list[list[Any]]:
    """A read-only sheet's values, bounded: no more than *max_rows* rows and :data:`MAX_COLUMNS` columns."""
    from openpyxl.utils import get_column_letter

    sheet.reset_dimensions()  # a forged <dimension ref="A1:XFD1048576"> must not pad every row
    rows: list[list[Any]] = []
    try:
        for row in sheet.iter_rows(values_only=True):
            if len(rows) == max_rows:
                where = f"{sheet.title}!A{max_rows + 1}"
                raise InputError([Problem(name, max_rows + 1, 1, "io.too_many_rows", {"limit": max_rows}, where)])
            values = list(row)
            if len(values) > MAX_COLUMNS:
                if any(v not in (None, "") for v in values[MAX_COLUMNS:]):
                    where = f"{sheet.title}!{get_column_letter(MAX_COLUMNS + 1)}{len(rows) + 1}"
                    problem = Problem(name, len(rows) + 1, MAX_COLUMNS + 1, "io.too_many_columns",
                                      {"limit": MAX_COLUMNS}, where)  # fmt: skip
                    raise InputError([problem])
                values = values[:MAX_COLUMNS]
            rows.append(values)
    except InputError:
        raise
    except Exception as exc:  # damaged XML inside the zip
        raise InputError.at(name, 1, 1, "io.unreadable", reason=f"{type(exc).__name__}: {exc}") from None
    return rows


def _xlsx_rows(path: str | Path) -> tuple[list[list[Any]], Callable[[int, int], str]]:
    from openpyxl.utils import get_column_letter

    name = str(path)
    book = open_workbook(path)
    try:
        sheet = book["整改台账"] if "整改台账" in book.sheetnames else book.worksheets[0]
        rows = sheet_rows(sheet, name)
        title = sheet.title
    finally:
        book.close()

    def cell(r: int, c: int) -> str:
        return f"{title}!{get_column_letter(c + 1)}{r + 1}"

    return rows, cell


def _ledger_entries(
    rows: list[list[Any]],
    name: str,
    cell: Callable[[int, int], str] | None,
    names: Mapping[str, str] | None = None,
) -> list[Any]:
    """Ledger rows under a header, read as a clerk left them: every cell kept, or refused where it is.

    A row is found by its 编号 (site/checklist/item); a sheet whose 编号 column
    was deleted is matched by site (点位编号, or 点位 looked up in *names*) +
    检查表 + 检查项目 instead.
    """
    from civcheck.ledger import CLOSED_BY_WORDS, STATUS_WORDS, Entry

    if not rows:
        raise InputError.at(name, 1, 1, "io.empty")
    known = {}
    for field, zh, en in _ledger_columns():
        for label in (field, zh, en, en.lower()):
            known[label] = field
    header = ["" if h is None else str(h).strip() for h in rows[0]]
    fields = [known.get(h, known.get(h.lower(), "")) for h in header]
    has_site = "site" in fields or ("site_name" in fields and names is not None)
    if "id" not in fields and not (has_site and "checklist" in fields and "item_text" in fields):
        raise InputError.at(name, 1, 1, "ledger.no_id_columns")
    problems: list[Problem] = []

    def problem(r: int, c: int, key: str, **args: Any) -> None:
        where = cell(r, c) if cell else ""
        problems.append(Problem(name, r + 1, c + 1, key, args, where))

    def place(r: int, c: int) -> str:
        return f"{name}:{cell(r, c)}" if cell else f"{name}:{r + 1}:{c + 1}"

    entries = []
    first_row: dict[str, int] = {}
    for r, raw in enumerate(rows[1:], 1):
        values = list(raw) + [None] * (len(header) - len(raw))
        if not any(v not in (None, "") for v in values):
            continue
        got: dict[str, Any] = {}
        extra: list[tuple[str, str]] = []
        bad_cells = [(c, v) for c, v in enumerate(values) if isinstance(v, str) and first_bad(v) is not None]
        if bad_cells:
            c, v = bad_cells[0]
            problem(r, c, "text.bad_char", code=describe(v[first_bad(v) or 0]))
            continue
        for c, (heading, field) in enumerate(zip(header, fields, strict=False)):
            value = values[c]
            if field:
                got[field] = value
                got[f"@{field}"] = c
            elif heading and value not in (None, ""):
                extra.append((heading, str(value)))
        parts = _ledger_key(got, names, r, problem)
        if parts is None:
            continue
        entry_id = "/".join(parts)
        if entry_id in first_row:  # one task twice: carried twice, or one of them lost
            problem(r, got.get("@id", 0), "ledger.duplicate_id", id=entry_id, row=first_row[entry_id] + 1)
            continue
        first_row[entry_id] = r
        status_raw = _plain_text(got.get("status")) or "open"
        status = STATUS_WORDS.get(status_raw, STATUS_WORDS.get(status_raw.lower()))
        if status is None:
            problem(r, got["@status"], "ledger.bad_status", status=status_raw, known=_STATUS_CHOICES)
            continue
        closed_raw = _plain_text(got.get("closed_by"))
        closed_by = CLOSED_BY_WORDS.get(closed_raw, CLOSED_BY_WORDS.get(closed_raw.lower(), "")) if closed_raw else ""
        if closed_raw and not closed_by:
            problem(r, got["@closed_by"], "ledger.bad_closed_by", value=closed_raw)
            continue
        if status == "closed" and not closed_by:
            closed_by = "hand"  # a clerk typed 已销号: no re-inspection closed it
        dates: dict[str, dt.date | None] = {}
        for key in ("found_on", "due", "closed_on"):
            value = _ledger_date(got.get(key))
            if isinstance(value, str):
                problem(r, got[f"@{key}"], "ledger.bad_date", value=value)
                value = None
            dates[key] = value
        try:
            lost = Decimal(str(got.get("lost") or 0).strip() or "0")
        except InvalidOperation:
            lost = Decimal("NaN")
        if not _sane(lost):
            problem(r, got["@lost"], "ledger.bad_number", value=got.get("lost"))
            continue
        rounds = tuple(x for x in re.split(r"[,，;；\s]+", str(got.get("rounds") or "")) if x)
        history = tuple(line for line in str(got.get("history") or "").split("\n") if line.strip())

        # free text is kept as typed; a cell of nothing but spaces is empty
        text = {key: "" if got.get(key) is None or not str(got[key]).strip() else str(got[key]) for key in _LEDGER_TEXT}
        if text["item_text"].startswith(parts[2] + " "):  # written as "VR-1.1 text" for people
            text["item_text"] = text["item_text"][len(parts[2]) + 1 :]
        entries.append(
            Entry(
                id=entry_id,
                site=parts[0],
                checklist=parts[1],
                item=parts[2],
                lost=lost,
                found_on=dates["found_on"],
                due=dates["due"],
                status=status,
                closed_on=dates["closed_on"],
                round=rounds[-1] if rounds else "",
                rounds=rounds,
                extra=tuple(extra),
                closed_by=closed_by,
                history=history,
                where=place(r, got.get("@status", got.get("@id", 0))),
                **text,
            )
        )
    if problems:
        raise InputError(problems)
    return entries


_STATUS_CHOICES = "未整改 / 已交办 / 整改中 / 已整改 / 已销号 (open / assigned / rectifying / rectified / closed)"


def _plain_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _ledger_key(
    got: Mapping[str, Any], names: Mapping[str, str] | None, r: int, problem: Callable[..., None]
) -> tuple[str, str, str] | None:
    """A row's site, checklist and item: from 编号, else from the site, checklist and item columns."""
    if "@id" in got:
        entry_id = _plain_text(got.get("id"))
        parts = entry_id.rsplit("/", 2)  # a site id may hold "/", checklist and item ids cannot
        if len(parts) != 3 or not all(parts):
            problem(r, got["@id"], "ledger.bad_id", id=entry_id)
            return None
        return parts[0], parts[1], parts[2]
    site = _plain_text(got.get("site"))
    if not site and "@site_name" in got and names is not None:
        site_name = _plain_text(got.get("site_name"))
        site = names.get(site_name, "")
        if not site:
            problem(r, got["@site_name"], "ledger.unknown_site_name", name=site_name)
            return None
    checklist = _plain_text(got.get("checklist"))
    item = _plain_text(got.get("item_text")).split(" ", 1)[0]
    if not (site and checklist and item):
        column = got.get("@site", got.get("@site_name", 0)) if not site else got.get("@checklist", 0)
        problem(r, column if checklist or not site else got.get("@checklist", 0), "ledger.no_key")
        return None
    return site, checklist, item
