"""A query as groups of alternatives, how it is relaxed when nothing matches, and how each engine spells it."""

from __future__ import annotations

from dataclasses import dataclass, replace

Alternative = tuple[str, ...]  # tokens that must all match (a multi-word synonym is one alternative)


@dataclass(frozen=True)
class TermGroup:
    """One word of the query: any alternative matches (the word, its synonyms, a spelling fix)."""

    word: str
    alternatives: tuple[Alternative, ...]
    prefix: bool = False  # the last word, still being typed


@dataclass(frozen=True)
class QueryPlan:
    groups: tuple[TermGroup, ...]
    require_all: bool = True

    @property
    def empty(self) -> bool:
        return not self.groups

    def words(self) -> list[str]:
        return [g.word for g in self.groups]


def relaxations(plan: QueryPlan) -> list[QueryPlan]:
    """Looser plans to try in order when the strict plan finds nothing: drop the last word, drop the first,
    then any word may match (ranking still puts documents matching more words first)."""
    if len(plan.groups) < 2:
        return []
    found = [QueryPlan(plan.groups[:-1]), QueryPlan(plan.groups[1:])]
    found.append(replace(plan, require_all=False))
    return found


def _fts5_token(token: str, prefix: bool) -> str:
    quoted = '"' + token.replace('"', '""') + '"'
    return f"{quoted} *" if prefix else quoted


def _tsquery_token(token: str, prefix: bool) -> str:
    quoted = "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"
    return f"{quoted}:*" if prefix else quoted


def _render(plan: QueryPlan, *, spell: str) -> str:
    fts5 = spell == "fts5"
    and_, or_ = (" AND ", " OR ") if fts5 else (" & ", " | ")
    render_token = _fts5_token if fts5 else _tsquery_token
    groups = []
    for group in plan.groups:
        alternatives = []
        for i, alternative in enumerate(group.alternatives):
            prefix = group.prefix and i == 0 and len(alternative) == 1
            parts = [render_token(t, prefix) for t in alternative]
            alternatives.append(parts[0] if len(parts) == 1 else "(" + and_.join(parts) + ")")
        groups.append(alternatives[0] if len(alternatives) == 1 else "(" + or_.join(alternatives) + ")")
    return (and_ if plan.require_all else or_).join(groups)


def as_fts5(plan: QueryPlan) -> str:
    """SQLite FTS5 MATCH syntax: "tok" AND ("a" OR "b") ... ; "tok" * for a prefix."""
    return _render(plan, spell="fts5")


def as_tsquery(plan: QueryPlan) -> str:
    """PostgreSQL tsquery input syntax: 'tok' & ('a' | 'b') ... ; 'tok':* for a prefix."""
    return _render(plan, spell="tsquery")
