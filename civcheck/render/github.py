"""GitHub Actions workflow commands: findings shown as annotations on the changed lines."""

from __future__ import annotations


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, path: str, line: int, column: int, title: str, message: str) -> str:
    """``::error file=...,line=...,col=...,title=...::message`` (level: error, warning or notice)."""
    props = f"file={_property(path)},line={line},col={column},title={_property(title)}"
    return f"::{level} {props}::{_data(message)}"
