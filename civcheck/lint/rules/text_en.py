"""Every text has English too (a warning): ``{zh: ..., en: ...}``.

``--lang en`` reports fall back to Chinese where English is missing, so an
English reader sees a mix.  A plain string counts as Chinese only.  Applies
to the same texts as ``text-zh``.  Reported at the text.  Turn it off with
``--disable text-en`` for checklists meant only for Chinese readers.

Bad::

    text: 道路无坑洼

Good::

    text: {zh: 道路无坑洼, en: No potholes}
"""

from __future__ import annotations

from collections.abc import Iterator

from civcheck.i18n import extend
from civcheck.lint.document import Document, Finding, at

ID = "text-en"
LEVEL = "warning"

extend({"lint.text_en": ("{what} 缺少英文（en）文字", "{what} has no English (en) text")})


def check(doc: Document) -> Iterator[Finding]:
    for what, node in doc.texts():
        plain = node.is_scalar and isinstance(node.value, str) and node.value.strip()
        if plain or (node.is_map and node.pairs and not node.has("en")):
            yield at(node, "lint.text_en", what=what)
