"""The ratified EPCIS 2.0.1 JSON schema, loaded once, with one documented relaxation, and its errors as issues.

Relaxation: the JSON schema requires `type` in every sensorReport, but the EPCIS 2.0 XSD declares the attribute
`use="optional"` and GS1's SHACL shapes say "measurementType is optional": a report that only raises an alert
(`exception: ALARM_CONDITION`) has no measurement. We accept a report that has `type` or `exception` (the
narrowest change that admits such reports; one with neither still fails).

Valid instances are decided by the same schema compiled with fastjsonschema (fast); invalid ones are walked by
jsonschema for its pointers and messages. No format checker is attached: `date-time` and `uri` would need
optional dependencies, and the conformance layer
(epcis_validation) checks timestamps and IRIs itself, with better messages.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError, best_match

from mercato.contexts.provenance.domain.epcis_issues import ValidationIssue, child, pointer_from

SCHEMA_FILE = "epcis-json-schema.json"
_COMBINATORS = ("anyOf", "oneOf")
_MAX_MESSAGE = 200
_JSON_TYPES = {"dict": "object", "list": "array", "str": "string", "bool": "boolean", "int": "number",
               "float": "number", "NoneType": "null"}
_NAMED = frozenset({"ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent",
                    "EPCISDocument"})


def _relax_sensor_report(schema: dict[str, Any]) -> None:
    report = schema["definitions"]["sensorReport"]
    report["required"] = [name for name in report["required"] if name != "type"]
    if not report["required"]:
        del report["required"]
    report["anyOf"] = [{"required": ["type"]}, {"required": ["exception"]}]


@functools.cache
def epcis_schema() -> Mapping[str, Any]:
    """The shipped schema (byte-identical to the ratified file) with the sensorReport relaxation applied."""
    text = (Path(__file__).parent / "schema" / SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    _relax_sensor_report(schema)
    return schema


@functools.cache
def document_validator() -> Draft7Validator:
    return Draft7Validator(copy.deepcopy(dict(epcis_schema())))


@functools.cache
def event_validator() -> Draft7Validator:
    """Validates one member of an eventList (the schema's EPCIS-Document-Event)."""
    schema = copy.deepcopy(dict(epcis_schema()))
    event_schema = {"$schema": schema["$schema"], "$id": schema["$id"], "definitions": schema["definitions"],
                    "allOf": [{"$ref": "#/definitions/EPCIS-Document-Event"}]}
    return Draft7Validator(event_schema)


_FAST: dict[int, Callable[[Any], Any]] = {}


def _passes_quickly(instance: Any, validator: Draft7Validator) -> bool:
    """The same schema compiled to Python by fastjsonschema (about 20x faster) decides valid instances; only an
    invalid one is walked by jsonschema, whose errors give the pointers and messages. Formats are off in both."""
    check = _FAST.get(id(validator))
    if check is None:
        check = _FAST[id(validator)] = fastjsonschema.compile(copy.deepcopy(dict(validator.schema)),
                                                              use_formats=False)
    try:
        check(instance)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def schema_issues(instance: Any, validator: Draft7Validator, base: str, event_index: int | None,
                  explained: Iterable[str] = ()) -> list[ValidationIssue]:
    """Schema errors as issues: one per missing or unexpected member, combinator failures summarised.

    A combinator failure (anyOf/oneOf) caused by a member already reported, by the schema or by the caller's
    `explained` pointers, is dropped: it would only restate that error less clearly.
    """
    if _passes_quickly(instance, validator):
        return []
    errors = list(validator.iter_errors(instance))
    issues: list[ValidationIssue] = []
    for error in (error for error in errors if error.validator not in _COMBINATORS):
        issues.extend(_plain_issues(error, base, event_index))
    reported = {issue.pointer for issue in issues} | set(explained)
    for error in (error for error in errors if error.validator in _COMBINATORS):
        issues.extend(_combinator_issues(error, base, event_index, reported))
    unique: list[ValidationIssue] = []
    for issue in issues:
        if issue not in unique:
            unique.append(issue)
    return unique


def _missing(error: ValidationError) -> list[str]:
    required = error.validator_value if isinstance(error.validator_value, list) else []
    instance = error.instance if isinstance(error.instance, Mapping) else {}
    return [str(name) for name in required if name not in instance]


def _requires(instance: Any) -> str:
    kind = instance.get("type") if isinstance(instance, Mapping) else None
    return f"{kind} requires" if isinstance(kind, str) and kind in _NAMED else "requires"


def _plain_issues(error: ValidationError, base: str, event_index: int | None) -> Iterator[ValidationIssue]:
    pointer = pointer_from(base, error.absolute_path)
    if error.validator == "required":
        for name in _missing(error):
            yield ValidationIssue(child(pointer, name), f"{_requires(error.instance)} '{name}'", event_index)
    elif error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
        allowed = sorted(error.schema.get("properties", {})) if isinstance(error.schema, Mapping) else []
        for name in error.instance:
            if name not in allowed:
                message = f"unexpected member '{name}' (allowed here: {', '.join(allowed)})"
                yield ValidationIssue(child(pointer, str(name)), message, event_index)
    else:
        yield ValidationIssue(pointer, f"{_label(error, event_index)}: {_describe(error)}", event_index)


def _label(error: ValidationError, event_index: int | None) -> str:
    path = list(error.absolute_path)
    if not path:
        return "document" if event_index is None else "event"
    if isinstance(path[-1], int) and len(path) > 1:
        return f"{path[-2]}[{path[-1]}]"
    return str(path[-1])


def _describe(error: ValidationError) -> str:
    """jsonschema's message, without echoing a whole (possibly huge) submitted object back."""
    if error.validator == "type":
        actual = _JSON_TYPES.get(type(error.instance).__name__, type(error.instance).__name__)
        return f"must be of type {error.validator_value}, not {actual}"
    message = str(error.message)
    return message if len(message) <= _MAX_MESSAGE else message[:_MAX_MESSAGE] + "…"


def _leaves(error: ValidationError) -> Iterator[ValidationError]:
    for sub in error.context or ():
        if sub.validator in _COMBINATORS and sub.context:
            yield from _leaves(sub)
        else:
            yield sub


def _combinator_issues(error: ValidationError, base: str, event_index: int | None,
                       reported: set[str]) -> Iterable[ValidationIssue]:
    leaves = list(_leaves(error))
    if leaves and all(leaf.validator == "required" for leaf in leaves):
        options: dict[Any, list[str]] = {}
        for leaf in leaves:
            names = options.setdefault(leaf.relative_schema_path[0], [])
            names.extend(name for name in _missing(leaf) if name not in names)
        choices = " | ".join(" + ".join(f"'{name}'" for name in names) for names in options.values() if names)
        message = f"{_requires(error.instance)} one of: {choices}"
        return [ValidationIssue(pointer_from(base, error.absolute_path), message, event_index)]
    if any(pointer_from(base, leaf.absolute_path) in reported for leaf in leaves):
        return []  # already explained by a plainer error at the same place (e.g. an action outside the enum)
    best = best_match(error.context or [error])
    if best is None:
        return []
    message = f"{_label(error, event_index)} matches none of its allowed forms (closest: {_describe(best)})"
    return [ValidationIssue(pointer_from(base, error.absolute_path), message, event_index)]
