"""One validation finding, addressed by an RFC 6901 JSON Pointer so the API can turn it into problem+json."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class ValidationIssue:
    """What is wrong (`message`), where (`pointer` into the submitted payload), and in which event, if any.

    For a missing member the pointer names where it was expected (e.g. ".../eventList/0/action").
    """

    pointer: str
    message: str
    event_index: int | None


def escape_token(token: str | int) -> str:
    """RFC 6901: "~" becomes "~0" and "/" becomes "~1" (extension names such as IRIs contain "/")."""
    return str(token).replace("~", "~0").replace("/", "~1")


def child(pointer: str, *tokens: str | int) -> str:
    """The pointer to a member (or array index) below `pointer`."""
    return pointer + "".join("/" + escape_token(token) for token in tokens)


def pointer_from(base: str, path: Iterable[str | int]) -> str:
    return child(base, *path)


def merge_issues(primary: list[ValidationIssue], secondary: list[ValidationIssue]) -> list[ValidationIssue]:
    """`primary` issues, then `secondary` ones at pointers `primary` does not already explain, without repeats."""
    explained = {issue.pointer for issue in primary}
    merged: list[ValidationIssue] = []
    for issue in [*primary, *(issue for issue in secondary if issue.pointer not in explained)]:
        if issue not in merged:
            merged.append(issue)
    return merged
