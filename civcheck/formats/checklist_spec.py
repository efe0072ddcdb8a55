"""The checklist's keys, once: which keys each mapping may hold, their types, which are required.

Three readers agree on checklists — the loader (:mod:`civcheck.formats.checklist`),
``civcheck lint``'s ``schema`` rule, and the JSON Schema in
``schemas/checklist.schema.json`` for editors.  The loader and lint take
their keys from here; the JSON Schema is checked against this table
(``tests/test_schema.py``), and the three are run over one corpus of good
and bad checklists and must accept and refuse the same files.

Types are the lint rule's vocabulary: ``text`` (plain text; numbers read as
text), ``ltext`` (text or ``{zh: ..., en: ...}``), ``number``, ``whole``
(a whole number >= 0), ``bool``, a choice (``model``, ``kind``, ``method``,
``evidence``, ``attribute_type``), lists, and the nested structures.
"""

from __future__ import annotations

# key -> (type, required)
TOP = {
    "format": ("format", True),
    "id": ("text", True),
    "version": ("text", True),
    "title": ("ltext", True),
    "short_title": ("ltext", False),
    "site_types": ("strings", False),
    "source": ("text", False),
    "tags": ("strings", False),
    "scoring": ("scoring", False),
    "levels": ("levels", False),
    "attributes": ("attributes", False),
    "sections": ("sections", True),
}
SCORING = {
    "model": ("model", False),
    "decimals": ("whole", False),
    "pass_mark": ("number", False),
    "strong_mark": ("number", False),
    "total": ("number", False),
    "grades": ("grades", False),
}
GRADE = {"id": ("text", True), "min": ("number", True), "label": ("ltext", False)}
LEVEL_ENTRY = {"fraction": ("number", True), "label": ("ltext", False)}
ATTRIBUTE = {
    "type": ("attribute_type", False),
    "label": ("ltext", True),
    "question": ("ltext", False),
    "values": ("values", False),
}
SECTION = {
    "id": ("text", True),
    "title": ("ltext", False),
    "weight": ("number", False),
    "items": ("items", False),
    "sections": ("subsections", False),
}
ITEM = {
    "id": ("text", True),
    "text": ("ltext", True),
    "kind": ("kind", False),
    "points": ("number", True),
    "per": ("number", False),
    "critical": ("bool", False),
    "na": ("bool", False),
    "when": ("when", False),
    "levels": ("strings_list", False),
    "method": ("method", False),
    "evidence": ("evidence", False),
    "hint": ("ltext", False),
    "sample": ("ltext", False),
    "owner": ("ltext", False),
    "remedy": ("ltext", False),
    "deadline_days": ("whole", False),
    "tags": ("strings", False),
}
