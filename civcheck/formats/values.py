"""YAML and JSON text to plain values (dicts, lists, text, exact numbers, dates), with located errors.

Everything a user writes is untrusted and often hand-edited:

* YAML is composed with libyaml's C parser, but never constructed with a
  loader that can run code: nodes become plain values here, and any tag
  outside the core schema (``!!python/...``, ``!!binary``, ``!custom``) is an
  error — as is a core tag on a value that is not of its type (``!!int good``);
* duplicate mapping keys are errors (PyYAML silently keeps the last one, so
  a mistyped answer would vanish without a word);
* floats become exact :class:`~decimal.Decimal` from their literal, so
  ``per: 0.1`` means one tenth; ``0012`` keeps its spelling where text is
  wanted; absurd numbers and dates are refused;
* size is bounded twice: alias expansion by characters (a "billion laughs"
  file, or one string aliased thousands of times) and the number of values
  (a list of fifteen million zeros) are refused before they cost memory;
* text civcheck does not carry (:mod:`civcheck.text`) is refused where it is.

Problems found while reading a document's *meaning* (schema) are collected
with a path of keys and located afterwards, all at once (:func:`locate_all`):
that costs nothing on the fast path, where files are valid.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any, NoReturn

from civcheck.errors import InputError
from civcheck.formats.scalars import (
    _SAFE_SCALARS,
    MAX_DEPTH,
    MAX_DIGITS,
    MAX_NODES,
    TAG,
    BadScalar,
    DocPath,
    loader_class,
    sane,
    scalar_value,
    yaml_module,
)
from civcheck.formats.text import char_position
from civcheck.text import describe, first_bad


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
        constructor = yaml_module().constructor.SafeConstructor
        self.constructor = constructor()

    def fail(self, node: Any, msg: str, /, **args: Any) -> NoReturn:
        if "tag" in args:
            args["tag"] = str(args["tag"]).replace(TAG, "!!")
        mark = node.start_mark
        raise InputError.at(self.name, mark.line + 1, mark.column + 1, msg, **args)

    def build(self, node: Any, depth: int = 0) -> Any:
        self.budget -= 1 + (len(node.value) if isinstance(node.value, str) else 0)
        if self.budget < 0:
            self.fail(node, "yaml.alias_bomb")
        if depth > MAX_DEPTH:
            self.fail(node, "yaml.too_deep", limit=MAX_DEPTH)
        nodes = yaml_module().nodes
        if isinstance(node, nodes.ScalarNode):
            return self.scalar(node)
        if isinstance(node, nodes.SequenceNode):
            if node.tag != TAG + "seq":
                self.fail(node, "yaml.tag", tag=node.tag)
            return [self.build(child, depth + 1) for child in node.value]
        if node.tag != TAG + "map":
            self.fail(node, "yaml.tag", tag=node.tag)
        return self.mapping(node, depth)

    def scalar(self, node: Any) -> Any:
        try:
            return scalar_value(node, self.constructor)
        except BadScalar as bad:
            self.fail(node, bad.key, **bad.details)
        except (ValueError, KeyError, AttributeError, TypeError, OverflowError):  # a constructor's own refusal
            self.fail(node, "yaml.tag_value", tag=str(node.tag).replace(TAG, "!!"), value=str(node.value)[:40])

    def mapping(self, node: Any, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        nodes = yaml_module().nodes
        for key_node, value_node in node.value:
            if key_node.tag == TAG + "merge":
                merged.update(self.merge(value_node, depth))
                continue
            if not isinstance(key_node, nodes.ScalarNode) or key_node.tag not in _SAFE_SCALARS:
                self.fail(key_node, "yaml.key_type")
            key = key_node.value
            if key_node.tag != TAG + "str":  # a tag on a key must fit it too (!!int VR-1.3 is no number)
                self.scalar(key_node)
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
        nodes = yaml_module().nodes
        sources = node.value if isinstance(node, nodes.SequenceNode) else [node]
        merged: dict[str, Any] = {}
        for source in reversed(sources):
            if not isinstance(source, nodes.MappingNode):
                self.fail(source, "yaml.merge")
            merged.update(self.mapping(source, depth + 1))
        return merged


_NOT_PRINTABLE = "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"


def _count_nodes(text: str, name: str) -> None:
    """Refuse a file of more than :data:`MAX_NODES` nodes before composing it (a list of 15 million zeros).

    A node takes at least one character, so only files longer than the limit
    are counted, by streaming the parser's events (memory stays flat).
    """
    yaml = yaml_module()
    nodes = 0
    try:
        for event in yaml.parse(text, Loader=loader_class()):
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
    yaml = yaml_module()
    if len(text) > MAX_NODES:
        _count_nodes(text, name)
    loader = loader_class()(text)
    try:
        return loader.get_single_node()
    except yaml.reader.ReaderError:
        match = re.search(_NOT_PRINTABLE, text)
        offset = match.start() if match else 0
        line, column = char_position(text, offset)
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
    """Parse YAML *text* into plain values (dicts, lists, str, int, Decimal…).

    A valid file is read once, from libyaml's events straight into values
    (:mod:`civcheck.formats.fast_yaml`); a file the fast reader has any doubt about — a syntax
    error, an unusual tag, an alias that grows, a duplicate key — is read
    again the careful way, composed into nodes with their marks, so that its
    problem is said at its line and column.  Both ways give the same values.
    """
    if len(text) <= MAX_NODES:
        from civcheck.formats.fast_yaml import Doubt, read

        try:
            return read(text)
        except Doubt:
            pass
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


def json_position(text: str, pattern: str, occurrence: int) -> tuple[int, int]:
    """Where the *occurrence*-th match of *pattern* starts (1, 1 if it cannot be found)."""
    matches = list(re.finditer(pattern, text))
    if len(matches) < occurrence:
        return 1, 1
    return char_position(text, matches[occurrence - 1].start())


class _TooBig(Exception):
    def __init__(self, literal: str) -> None:
        super().__init__(literal)
        self.literal = literal


def _json_decimal(literal: str) -> Decimal:
    value = Decimal(literal)
    if not sane(value):
        raise _TooBig(literal)
    return value


def _json_int(literal: str) -> int:
    if len(literal) > MAX_DIGITS + 10:
        raise _TooBig(literal)
    return int(literal)


def _reject_constant(value: str) -> NoReturn:
    raise ValueError(value)


# JSON escapes that may decode to a character civcheck does not carry (text.py): \b, \f, controls, surrogates.
_JSON_SUSPECT = re.compile(r"\\[bfr]|\\u(?:00[01]|007|00[89]|d[89a-f]|fff[ef])|[\ufffe\uffff]", re.IGNORECASE)


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
                spelled = {8: r"\\b", 12: r"\\f", 13: r"\\r"}.get(code, "") + rf"|\\u{code:04x}|{re.escape(chr(code))}"
                found = re.search(spelled.lstrip("|"), text, re.IGNORECASE)
                line, column = char_position(text, found.start()) if found else (1, 1)
                raise InputError.at(name, line, column, "text.bad_char", code=describe(current[bad]))


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_VALUE_START = re.compile(r"[\[{,]")


def _json_budget(text: str, name: str) -> None:
    """Refuse JSON of more than :data:`MAX_NODES` values before parsing it, as YAML is (10 million ``{}`` in 30 MB).

    Every value but the first follows a ``[``, ``{`` or ``,``; counting those
    outside strings bounds the values.  The exact count runs only when the
    quick one (strings included) is over the limit.
    """
    if text.count(",") + text.count("[") + text.count("{") <= MAX_NODES:
        return
    outside = _JSON_STRING.sub('""', text)  # offsets no longer those of *text*: the file as a whole is refused
    if sum(1 for _ in _JSON_VALUE_START.finditer(outside)) > MAX_NODES:
        raise InputError.at(name, 1, 1, "yaml.too_many_nodes", limit=MAX_NODES)


def parse_json(text: str, name: str) -> Any:
    """Parse JSON *text*; numbers with a fraction become Decimal."""
    if not text.strip():
        raise InputError.at(name, 1, 1, "io.empty")
    _json_budget(text, name)
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
        line, column = json_position(text, re.escape(json.dumps(dup.key, ensure_ascii=False)) + r"\s*:", 2)
        raise InputError.at(name, line, column, "yaml.duplicate_key", key=dup.key) from None
    except _TooBig as big:
        line, column = json_position(text, re.escape(big.literal[:40]), 1)
        raise InputError.at(name, line, column, "yaml.too_big", value=big.literal[:12] + "...") from None
    except ValueError as exc:
        line, column = json_position(text, r"\b(?:NaN|-?Infinity)\b", 1)
        raise InputError.at(name, line, column, "yaml.not_finite", value=str(exc)) from None
    except RecursionError:
        raise InputError.at(name, 1, 1, "yaml.too_deep", limit=MAX_DEPTH) from None
    if ("\\" in text or "\ufffe" in text or "\uffff" in text) and _JSON_SUSPECT.search(text):
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
    nodes = yaml_module().nodes
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
