"""Gaps set aside on disk while a batch runs (civcheck/batch.py), read back when a format lists them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from civcheck.views import GapView


class GapStore:
    """Gaps set aside on disk while a batch runs, read back when a format lists them.

    A workbook lists every gap of every site (300,000 rows for 5,000 sites);
    held as objects they would grow memory with every file.  Each file's gaps
    are pickled into one unnamed temporary file as the file is scored, and
    read back one file at a time, in ranking order, when the sheet is written.
    The file is the run's own (never named, gone when closed), so what is read
    back is what was written.
    """

    def __init__(self) -> None:
        import tempfile

        self.file = tempfile.TemporaryFile()  # noqa: SIM115 - open for the bulletin's life; closed by close()
        self.places: dict[str, tuple[int, int]] = {}

    def put(self, key: str, gaps: tuple[GapView, ...]) -> None:
        import pickle

        data = pickle.dumps(gaps, protocol=pickle.HIGHEST_PROTOCOL)
        self.file.seek(0, 2)
        self.places[key] = (self.file.tell(), len(data))
        self.file.write(data)

    def get(self, key: str) -> tuple[GapView, ...]:
        import pickle

        place = self.places.get(key)
        if place is None:
            return ()
        self.file.seek(place[0])
        gaps: tuple[GapView, ...] = pickle.loads(self.file.read(place[1]))
        return gaps

    def close(self) -> None:
        self.file.close()
