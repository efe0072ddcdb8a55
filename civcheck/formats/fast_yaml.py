"""YAML read straight from libyaml's events into plain values: the batch's fast path.

:func:`civcheck.formats.values.parse_yaml` reads every file the careful way
when it must — composed into nodes that remember their line and column, then
built into values — so that a problem is said where it is.  Composing costs
twice what reading the events does (and libyaml asks Python's resolver about
every scalar), while a batch's files are nearly all valid.  This reader takes
the events and builds the same values under the same rules (core tags only,
exact decimals, ``0012`` keeping its spelling, no duplicate key, text
civcheck carries, aliases and merges); at the first thing it is not sure of
it raises :class:`Doubt`, and the careful reader decides.

It is stricter than the careful reader wherever they could differ: every key
and container is charged to the alias budget, depth stops short of the
limit, an anchored key or an alias key is a doubt.  ``tests/test_fast_paths.py``
checks that the two agree on generated documents and on every YAML file in
the repository.
"""

from __future__ import annotations

from typing import Any

from civcheck.formats.scalars import MAX_DEPTH, MAX_NODES, TAG, loader_class, scalar_value, yaml_module
from civcheck.text import first_bad

_SAFE_KEYS = {TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}


class Doubt(Exception):
    """The fast reader stops: the careful one decides (and locates the problem, if there is one)."""


_NO_KEY = object()  # a mapping waiting for its next key
_MERGE = object()  # a mapping whose next value is merged into it (``<<: *base``)


class _Frame:
    __slots__ = ("anchor", "cost", "height", "key", "merged", "value")

    def __init__(self, value: Any, anchor: str | None, cost: int) -> None:
        self.value = value
        self.key: Any = _NO_KEY
        self.anchor = anchor
        self.cost = cost  # the budget when the frame opened: what its subtree costs, for aliases
        self.merged: dict[str, Any] | None = None
        self.height = 1


_PLAIN: dict[str, Any] = {}  # plain scalars already read: most answers repeat (pass, 0, good, dates)
_KEYS: dict[str, bool] = {}  # plain keys already checked: resolved to a core tag, text civcheck carries


def _clone(value: Any) -> Any:
    if type(value) is dict:
        return {k: _clone(v) for k, v in value.items()}
    if type(value) is list:
        return [_clone(v) for v in value]
    return value


def resolve(text: str) -> str:
    """The tag libyaml's resolver gives a plain scalar (YAML 1.1's implicit types)."""
    resolvers = yaml_module().resolver.Resolver.yaml_implicit_resolvers.get(text[:1] if text else "", [])
    for tag, pattern in resolvers:
        if pattern.match(text):
            return str(tag)
    return TAG + "str"


_CONSTRUCTOR: list[Any] = []


def construct(tag: str, text: str) -> Any:
    """A scalar of *tag* as the careful reader builds it; any refusal is the careful reader's to say."""
    yaml = yaml_module()
    if not _CONSTRUCTOR:
        _CONSTRUCTOR.append(yaml.constructor.SafeConstructor())
    try:
        return scalar_value(yaml.nodes.ScalarNode(tag, text), _CONSTRUCTOR[0])
    except Exception:
        raise Doubt from None


def _plain(text: str) -> Any:
    found = _PLAIN.get(text, _NO_KEY)
    if found is _NO_KEY:
        found = construct(resolve(text), text)
        if len(_PLAIN) < 100_000:
            _PLAIN[text] = found
    return found


def _key_ok(text: str) -> bool:
    found = _KEYS.get(text)
    if found is None:
        found = resolve(text) in _SAFE_KEYS and first_bad(text) is None
        if len(_KEYS) < 100_000:
            _KEYS[text] = found
    return found


def read(text: str) -> Any:
    """The values of YAML *text*, or :class:`Doubt`."""
    yaml = yaml_module()
    events = yaml.events
    scalar_event, alias_event = events.ScalarEvent, events.AliasEvent
    mapping_start, sequence_start = events.MappingStartEvent, events.SequenceStartEvent
    mapping_end, sequence_end = events.MappingEndEvent, events.SequenceEndEvent
    document_start = events.DocumentStartEvent
    str_tag = TAG + "str"
    budget = 2 * len(text) + 10_000  # as the careful reader's: aliases may repeat the file once over
    anchors: dict[str, tuple[Any, int, int]] = {}  # anchor -> (value, cost, height)
    loader = loader_class()(text)
    stack: list[_Frame] = []
    root: Any = _NO_KEY
    documents = 0
    count = 0
    try:
        while True:
            event = loader.get_event()
            if event is None:
                break
            kind = type(event)
            count += 1
            if count > MAX_NODES:
                raise Doubt
            frame = stack[-1] if stack else None
            wants_key = frame is not None and frame.key is _NO_KEY and type(frame.value) is dict
            if kind is scalar_event:
                value_text = event.value
                budget -= 1 + len(value_text)
                tag = event.tag
                plain = tag is None and event.implicit[0]
                if wants_key:
                    assert frame is not None
                    if event.anchor is not None or (tag is not None and tag != str_tag):
                        raise Doubt
                    if plain:
                        if value_text == "<<":
                            frame.key = _MERGE
                            continue
                        if not _key_ok(value_text):
                            raise Doubt
                    elif first_bad(value_text) is not None:
                        raise Doubt
                    if value_text in frame.value:
                        raise Doubt  # a duplicate key: the careful reader says where
                    frame.key = value_text
                    continue
                if plain:
                    value = _plain(value_text)
                elif tag is None or tag == str_tag:
                    if first_bad(value_text) is not None:
                        raise Doubt
                    value = value_text
                else:
                    value = construct(tag, value_text)
                if event.anchor is not None:
                    anchors[event.anchor] = (value, 1 + len(value_text), 0)
                height = 0
            elif kind is alias_event:
                if wants_key:
                    raise Doubt
                found = anchors.get(event.anchor)
                if found is None:
                    raise Doubt
                value, cost, height = found
                budget -= cost
                if len(stack) + height >= MAX_DEPTH - 2:
                    raise Doubt
                value = _clone(value)
            elif kind is mapping_start or kind is sequence_start:
                if event.tag not in (None, "!", TAG + ("map" if kind is mapping_start else "seq")):
                    raise Doubt
                if wants_key or len(stack) >= MAX_DEPTH - 2:
                    raise Doubt
                budget -= 1
                stack.append(_Frame({} if kind is mapping_start else [], event.anchor, budget))
                continue
            elif kind is mapping_end or kind is sequence_end:
                closed = stack.pop()
                value = closed.value
                if closed.key is not _NO_KEY:
                    raise Doubt
                if closed.merged:
                    for key, merged in closed.merged.items():
                        value.setdefault(key, merged)
                height = closed.height
                if closed.anchor is not None:
                    anchors[closed.anchor] = (value, closed.cost - budget + 1, height)
                    value = _clone(value)
            else:
                if kind is document_start:
                    documents += 1
                    if documents > 1:
                        raise Doubt
                continue
            if budget < 0:
                raise Doubt
            if not stack:
                if root is not _NO_KEY:
                    raise Doubt
                root = value
                continue
            parent = stack[-1]
            if height + 1 > parent.height:
                parent.height = height + 1
            container = parent.value
            if type(container) is list:
                container.append(value)
            elif parent.key is _MERGE:
                parent.key = _NO_KEY
                merged_now = parent.merged if parent.merged is not None else {}
                for source in reversed(value if type(value) is list else [value]):
                    if type(source) is not dict:
                        raise Doubt
                    merged_now.update(source)
                parent.merged = merged_now
            else:
                container[parent.key] = value
                parent.key = _NO_KEY
    except yaml.YAMLError:
        raise Doubt from None
    finally:
        loader.dispose()
    if root is _NO_KEY or root is None:
        raise Doubt
    return root
