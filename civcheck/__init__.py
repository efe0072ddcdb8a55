"""civcheck: checklists and exact, scored self-assessments for township creation offices.

The library works without its CLI.  :mod:`civcheck.api` holds what each
command does (``build_bulletin``, ``build_ledger``, ``compare_rounds``,
``score_file``, ``start_or_resume``), also importable from here;
:mod:`civcheck.formats` reads files into the model, :func:`civcheck.scoring.score`
scores them and :mod:`civcheck.render` turns results into text.  Nothing is
imported until it is used, so ``civcheck --help`` starts fast.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: loading it would delay the command's Ctrl-C handling (civcheck/__main__.py)
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"

_API = ("build_bulletin", "build_ledger", "compare_rounds", "score_file", "start_or_resume")


def __getattr__(name: str) -> Any:
    if name in _API:
        from civcheck import api

        return getattr(api, name)
    raise AttributeError(f"module 'civcheck' has no attribute {name!r}")


__all__ = ["__version__", *_API]
