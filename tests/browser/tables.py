"""Read an HTML table as a person does: by its column headings."""

from __future__ import annotations

from playwright.sync_api import Locator

_RECORDS_JS = """table => {
  const headings = [...table.querySelectorAll('thead th')].map(th => th.innerText.trim());
  return [...table.querySelectorAll('tbody tr')].map(tr => {
    const record = {};
    [...tr.children].forEach((cell, i) => { record[headings[i] ?? String(i)] = cell.innerText.trim(); });
    const link = tr.querySelector('a[href]');
    record['@href'] = link ? link.getAttribute('href') : '';
    return record;
  });
}"""


def table_records(table: Locator) -> list[dict[str, str]]:
    """One dict per body row, keyed by the column headings; ``@href`` is the row's first link."""
    records: list[dict[str, str]] = table.evaluate(_RECORDS_JS)
    return records
