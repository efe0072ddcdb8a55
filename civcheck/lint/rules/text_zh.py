"""Every text has Chinese: a plain string, or a mapping with a ``zh`` key.

Chinese is the reference language: reports fall back to it whenever the
language asked for is missing.  A text written only as ``{en: ...}`` leaves
Chinese reports without it.  Applies to the checklist and section titles,
grade and level labels, and each item's ``text``, ``hint``, ``owner`` and
``remedy``.  Reported at the text.

Bad::

    text: {en: No potholes}

Good::

    text: {zh: 道路无坑洼, en: No potholes}
"""

from __future__ import annotations

from collections.abc import Iterator

from civcheck.i18n import extend
from civcheck.lint.document import Document, Finding, at

ID = "text-zh"
LEVEL = "error"

extend({"lint.text_zh": ("{what} 缺少中文（zh）文字", "{what} has no Chinese (zh) text")})


def check(doc: Document) -> Iterator[Finding]:
    for what, node in doc.texts():
        if node.is_map and node.pairs and not node.has("zh"):
            yield at(node, "lint.text_zh", what=what)
