"""A critical (veto) item does not allow ``na`` (a warning): give it ``na: false``.

A critical item vetoes the site when it is not fully met — but an item
answered ``na`` (不适用) is not scored at all, so it cannot veto.  If a veto
item may be answered ``na``, the veto is one word away from being waived.
Items that apply only to some sites should say so with ``when``, not by
being answerable ``na``.  Reported at ``na: true``, or at the item's ``id``
when ``na`` is left at its default (true).

Bad::

    - id: FM-3.1
      text: 市场周边无以路为市
      kind: deduct
      points: 10
      per: 2
      critical: true

Good::

      critical: true
      na: false
"""

from __future__ import annotations

from collections.abc import Iterator

from civcheck.i18n import extend
from civcheck.lint.document import Document, Finding, at

ID = "critical-na"
LEVEL = "warning"

extend(
    {
        "lint.critical_na": (
            '否决项 "{id}" 允许答"不适用"（na），答 na 就不再否决；请设置 na: false',
            'critical item "{id}" may be answered na, which lifts its veto; set na: false',
        ),
    }
)


def check(doc: Document) -> Iterator[Finding]:
    for item in doc.items():
        critical = item.node.get("critical")
        if critical is None or critical.value is not True:
            continue
        na = item.node.get("na")
        if na is None:
            yield at(item.anchor, "lint.critical_na", id=item.id)
        elif na.value is True:
            yield at(na, "lint.critical_na", id=item.id)
