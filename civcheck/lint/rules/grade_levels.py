"""A ``grade`` item can be answered with levels that are defined; only grade items have ``levels``.

A grade item earns ``fraction × points`` for the level given.  Its levels
are the checklist's ``levels`` (by default 优 excellent, 良 good, 中 fair,
差 poor), or the subset it names in its own ``levels: [...]``.  Reported:

* a level named in an item's ``levels`` that the checklist does not
  define — at that name;
* an item ``levels: []`` that names none — at the list;
* a grade item when the checklist's ``levels: {}`` defines none — at the
  item's ``id``;
* ``levels`` on an item that is not a grade item — at the key.

Bad::

    levels:
      good: {fraction: 1.0}
      poor: {fraction: 0.0}
    ...
      - id: T-1
        text: 公厕清洁
        kind: grade
        points: 5
        levels: [good, fair]

Good::

        levels: [good, poor]
"""

from __future__ import annotations

from collections.abc import Iterator

from civcheck.i18n import extend
from civcheck.lint.document import Document, Finding, at

ID = "grade-levels"
LEVEL = "error"

extend({"lint.levels_empty": ('评级项 "{id}" 的 levels 没有列出任何等级', 'grade item "{id}" lists no levels')})


def check(doc: Document) -> Iterator[Finding]:
    known = doc.level_keys()
    for item in doc.items():
        levels = item.node.get("levels")
        if item.kind != "grade":
            if levels is not None:
                yield at(item.node.key_node("levels") or levels, "schema.levels_kind", id=item.id)
            continue
        if levels is None:
            if known is not None and not known:
                yield at(item.anchor, "schema.levels_missing", id=item.id)
            continue
        if not levels.is_seq:
            continue  # the schema rule reports the type
        if not levels.items:
            yield at(levels, "lint.levels_empty", id=item.id)
        for entry in levels.items:
            if known is not None and isinstance(entry.value, str) and entry.value not in known:
                yield at(entry, "schema.unknown_level", level=entry.value, known=", ".join(known) or "-")
