"""Every page string is translated to Simplified Chinese, and the compiled catalogues match their sources."""

import shutil
import subprocess
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "mercato"
CATALOGUES = sorted(SRC.rglob("locale/zh_Hans/LC_MESSAGES/django.po"))
MSGFMT = shutil.which("msgfmt")


def _entries(po: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for each entry, joined across continuation lines (plural forms: the first)."""
    entries, msgid, msgstr, fuzzy, current = [], [], [], False, None
    for line in [*po.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgid "):
            msgid, msgstr, current = [line[6:].strip('"')], [], msgid
            current = msgid
        elif line.startswith(("msgstr ", "msgstr[0] ")):
            msgstr, current = [line.split(" ", 1)[1].strip('"')], None
            current = msgstr
        elif line.startswith('"') and current is not None:
            current.append(line.strip('"'))
        elif not line.strip() and msgid:
            entries.append(("".join(msgid), "".join(msgstr), fuzzy))
            msgid, msgstr, fuzzy, current = [], [], False, None
    return [e for e in entries if e[0]]


def test_there_are_catalogues_to_check():
    assert CATALOGUES, "no zh_Hans catalogues found"


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_every_string_is_translated(po):
    missing = [msgid for msgid, msgstr, fuzzy in _entries(po) if not msgstr or fuzzy]
    assert missing == [], f"untranslated or fuzzy in {po}: {missing[:10]}"


@pytest.mark.skipif(MSGFMT is None, reason="GNU gettext (msgfmt) is not installed")
@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_compiled_catalogue_matches_its_source(po, tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run([MSGFMT, "--check", "-o", str(compiled), str(po)], check=True)
    assert po.with_suffix(".mo").read_bytes() == compiled.read_bytes(), f"recompile {po} with msgfmt"
