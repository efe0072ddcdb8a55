"""JUnit XML, the report format CI systems (GitLab, Jenkins, Azure) show as test results.

Shared by ``civcheck lint`` and ``civcheck regress``: each builds a list of
:class:`Case` and this module turns them into one ``<testsuites>`` document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.etree import ElementTree as ET


@dataclass(frozen=True)
class Case:
    """One test case: passed, failed (``failure``) or unable to run (``error``)."""

    classname: str
    name: str
    failure: str | None = None  # the failure's text; its first line is the message
    error: str | None = None
    output: str | None = None  # shown with the case, without failing it


def render(suite: str, cases: Sequence[Case]) -> str:
    """A ``<testsuites>`` document with one suite named *suite*."""
    failures = sum(1 for c in cases if c.failure is not None)
    errors = sum(1 for c in cases if c.error is not None)
    counts = {"tests": str(len(cases)), "failures": str(failures), "errors": str(errors)}
    root = ET.Element("testsuites", {"name": suite, **counts})
    element = ET.SubElement(root, "testsuite", {"name": suite, **counts, "skipped": "0"})
    for case in cases:
        node = ET.SubElement(element, "testcase", {"classname": case.classname, "name": case.name})
        for tag, body in (("failure", case.failure), ("error", case.error)):
            if body is not None:
                child = ET.SubElement(node, tag, {"message": body.splitlines()[0] if body else "", "type": tag})
                child.text = body
        if case.output:
            ET.SubElement(node, "system-out").text = case.output
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
