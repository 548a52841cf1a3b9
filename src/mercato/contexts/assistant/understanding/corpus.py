"""Labelled utterances: the JSONL contract of `mercato assistant evaluate`, our own corpora and Bitext's split.

Files are found relative to the package (``assistant/data``), so an installed wheel carries them.
"""

from __future__ import annotations

import csv
import io
import json
import lzma
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from .language import detect_language

DATA_DIR: Final[Path] = Path(__file__).resolve().parent.parent / "data"
BITEXT_CSV: Final[Path] = DATA_DIR / "bitext_customer_support.csv.xz"
OWN_TRAINING: Final[tuple[str, ...]] = ("train_en.jsonl", "train_zh.jsonl", "train_out_of_scope.jsonl")
OWN_DEV: Final[tuple[str, ...]] = ("dev_en.jsonl", "dev_zh.jsonl")
OWN_TEST: Final[tuple[str, ...]] = ("test_en.jsonl", "test_zh.jsonl")

# The documented Bitext split: dedupe on lower-cased text, then per intent 70% train / 15% dev / 15% test.
BITEXT_SPLIT_SEED: Final[int] = 20231
BITEXT_SHARES: Final[tuple[float, float]] = (0.70, 0.15)


class UtteranceFileError(ValueError):
    """A labelled file that breaks the format contract; the message names the line and the field."""


@dataclass(frozen=True)
class Utterance:
    text: str
    intent: str
    lang: str


@dataclass(frozen=True)
class BitextSplit:
    train: tuple[Utterance, ...]
    dev: tuple[Utterance, ...]
    test: tuple[Utterance, ...]


def read_utterances(path: Path) -> list[Utterance]:
    """JSONL ``{"text", "intent"[, "lang"]}``; extra fields are ignored, the language is detected when absent."""
    rows = []
    with path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                rows.append(_utterance_from_json(line, path, number))
    return rows


def _utterance_from_json(line: str, path: Path, number: int) -> Utterance:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise UtteranceFileError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
    if not isinstance(record, dict):
        raise UtteranceFileError(f"{path}:{number}: expected a JSON object")
    for field in ("text", "intent"):
        if not isinstance(record.get(field), str) or not record[field].strip():
            raise UtteranceFileError(f"{path}:{number}: missing field \"{field}\" (a non-empty string)")
    text = record["text"].strip()
    lang = record.get("lang")
    if lang is not None and lang not in ("en", "zh"):
        raise UtteranceFileError(f"{path}:{number}: field \"lang\" must be \"en\" or \"zh\", not {lang!r}")
    return Utterance(text=text, intent=record["intent"].strip(), lang=lang or detect_language(text))


def write_utterances(path: Path, rows: Iterable[Utterance]) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps({"text": row.text, "intent": row.intent, "lang": row.lang},
                                    ensure_ascii=False) + "\n")
            count += 1
    return count


def read_bitext_csv(path: Path = BITEXT_CSV) -> list[Utterance]:
    """Bitext's ``instruction`` and ``intent`` columns, from the CSV or its xz-compressed copy."""
    raw = lzma.decompress(path.read_bytes()) if path.suffix == ".xz" else path.read_bytes()
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))
    missing = [c for c in ("instruction", "intent") if c not in (reader.fieldnames or [])]
    if missing:
        raise UtteranceFileError(f"{path}: missing column {missing[0]!r} (a Bitext CSV has instruction,intent)")
    return [Utterance(text=r["instruction"].strip(), intent=r["intent"].strip(), lang="en")
            for r in reader if r["instruction"].strip()]


def bitext_split(rows: Sequence[Utterance], seed: int = BITEXT_SPLIT_SEED) -> BitextSplit:
    """The fixed split: first occurrence of each lower-cased text wins, then a seeded shuffle per intent."""
    seen: set[str] = set()
    by_intent: dict[str, list[Utterance]] = defaultdict(list)
    for row in rows:
        key = " ".join(row.text.lower().split())
        if key not in seen:
            seen.add(key)
            by_intent[row.intent].append(row)
    rng = random.Random(seed)
    train: list[Utterance] = []
    dev: list[Utterance] = []
    test: list[Utterance] = []
    for intent in sorted(by_intent):
        group = list(by_intent[intent])
        rng.shuffle(group)
        n_train = round(len(group) * BITEXT_SHARES[0])
        n_dev = round(len(group) * BITEXT_SHARES[1])
        train += group[:n_train]
        dev += group[n_train:n_train + n_dev]
        test += group[n_train + n_dev:]
    return BitextSplit(train=tuple(train), dev=tuple(dev), test=tuple(test))


def own_utterances(names: Iterable[str]) -> list[Utterance]:
    rows: list[Utterance] = []
    for name in names:
        rows += read_utterances(DATA_DIR / name)
    return rows


def training_utterances() -> list[Utterance]:
    """What the shipped model learns from: Bitext's train part and our own training corpora, nothing else."""
    return list(bitext_split(read_bitext_csv()).train) + own_utterances(OWN_TRAINING)
