"""civcheck: checklists and exact, scored self-assessments for township creation offices.

The library works without its CLI: :mod:`civcheck.load` reads files into the
model, :func:`civcheck.scoring.score` scores them, :mod:`civcheck.render`
turns results into text.
"""

__version__ = "0.1.0"
