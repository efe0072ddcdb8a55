"""The vocabulary every YAML reader shares: core tags, how a scalar becomes a value, and the size limits.

Both readers — the careful one (:mod:`civcheck.formats.values`, nodes with
their marks) and the fast one (:mod:`civcheck.formats.fast_yaml`, libyaml's
events) — turn a scalar into a value here, so they cannot disagree on what
``0012``, ``1.50`` or ``2026-02-30`` mean; ``civcheck lint`` uses it too.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from civcheck.text import describe, first_bad

MAX_NODES = 500_000  # a node costs about half a kilobyte once composed; a roster of 20,000 sites has 300,000
MAX_DEPTH = 64


DocPath = tuple[Any, ...]


def yaml_module() -> Any:
    import yaml

    return yaml


def loader_class() -> Any:
    yaml = yaml_module()
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


TAG = "tag:yaml.org,2002:"


_SAFE_SCALARS = {TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}


_FLOAT_CLEAN = re.compile(r"[_]")


_DECIMAL_INT = re.compile(r"^[-+]?[0-9][0-9_]*$")


MAX_DIGITS = 30  # no count, score or weight has more; a longer number is a mistake or an attack


def sane(value: Decimal) -> bool:
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
        resolvers = yaml_module().resolver.Resolver.yaml_implicit_resolvers
        for entries in resolvers.values():
            for resolved, pattern in entries:
                if pattern not in _TAG_PATTERNS.setdefault(resolved, []):
                    _TAG_PATTERNS[resolved].append(pattern)
    return any(pattern.match(text) for pattern in _TAG_PATTERNS.get(tag, [])) or (tag == TAG + "null" and not text)


def scalar_value(node: Any, constructor: Any) -> Any:
    """A YAML scalar node as civcheck reads it (the loader, and lint, which must agree).

    Core-schema tags only; floats become exact Decimals from their literal;
    ``0012`` is twelve and keeps its spelling; YAML 1.1's base 60 (``1:30``)
    stays text; absurd sizes and impossible dates are refused.
    """
    tag = node.tag
    if tag == TAG + "str":
        value = node.value
        bad = first_bad(value)
        if bad is not None:
            raise BadScalar("text.bad_char", code=describe(value[bad]))
        return value
    if tag not in _SAFE_SCALARS:
        raise BadScalar("yaml.tag", tag=tag)
    if not _fits_tag(tag, node.value):  # an explicit !!int good: the tag promises what the text is not
        raise BadScalar("yaml.tag_value", tag=tag.replace(TAG, "!!"), value=node.value[:40])
    if tag == TAG + "null":
        return None
    if tag == TAG + "bool":
        return constructor.construct_yaml_bool(node)
    if tag == TAG + "int":
        literal = node.value
        if ":" in literal:  # YAML 1.1 base 60 (1:30 is 90): text, as YAML 1.2 reads it
            return literal
        if len(literal) > MAX_DIGITS + 10:
            raise BadScalar("yaml.too_big", value=literal[:12] + "...")
        if _DECIMAL_INT.match(literal):
            # 0012 is twelve, not YAML 1.1's octal ten; the spelling is kept for ids.
            return IntLiteral(literal)
        return constructor.construct_yaml_int(node)
    if tag == TAG + "float":
        try:
            value = Decimal(_FLOAT_CLEAN.sub("", node.value))
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite():
            raise BadScalar("yaml.not_finite", value=node.value)
        if not sane(value):
            raise BadScalar("yaml.too_big", value=node.value)
        return value
    try:
        return constructor.construct_yaml_timestamp(node)
    except ValueError:
        raise BadScalar("yaml.bad_date", value=node.value) from None
