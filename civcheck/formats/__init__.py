"""Reading civcheck's files: one module per file kind, over shared layers.

* :mod:`~civcheck.formats.text` — bytes to text (encodings, size limits, regular files only);
* :mod:`~civcheck.formats.values` — YAML and JSON to plain values, strictly, with positions for errors;
* :mod:`~civcheck.formats.reader` — a typed reader over those values, collecting located problems;
* :mod:`~civcheck.formats.sheets` — CSV and xlsx cells, bounded, and the dates clerks type;
* one module per kind: :mod:`~civcheck.formats.checklist`, :mod:`~civcheck.formats.answers` (read and
  written), :mod:`~civcheck.formats.sites`, :mod:`~civcheck.formats.ledger`, :mod:`~civcheck.formats.form`.

Every problem is an :class:`~civcheck.errors.InputError` with ``path:line:column`` (or ``file:sheet!cell``).
"""
