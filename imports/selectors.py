"""Reads of list imports: the batch, the remembered mapping, the dry run and the error report."""

import json
import uuid
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from agencies import capabilities as cap
from agencies.models import User
from audit.models import AuditAction
from audit.services import audit_list_read, audit_record
from cases.models import Case
from cases.policies import cases_for
from core.errors import NOT_FOUND, DomainError, ErrorCode
from geo.models import AdminUnit
from imports import errors
from imports.checks import RowValues, guess_mapping, problem_message
from imports.models import BatchStatus, ColumnMapping, Decision, ImportBatch, ImportRow
from imports.policies import batches_for
from imports.services import commune_index_for, require_batch_permission, row_values
from people.matching import scoring
from people.matching.dates import BirthDate
from people.matching.engine import match_records, unit_places
from people.matching.pairs import candidate_pairs
from people.matching.records import MatchRecord, Place
from people.matching.scoring import Band, MatchScore


def batch_for_action(*, actor: User, batch_id: uuid.UUID, capability: str = cap.CASE_CREATE) -> ImportBatch:
    batch = batches_for(actor, cap.CASE_VIEW).select_related("sender_agency", "importing_agency__unit")
    found = batch.filter(pk=batch_id).first()
    if found is None:
        raise DomainError(NOT_FOUND)
    require_batch_permission(actor, found, capability)
    return found


def mapping_initial(batch: ImportBatch) -> dict[str, int]:
    """The mapping to pre-fill: this batch's, else the sender's remembered one, then guesses from the headers."""
    if batch.mapping:
        return dict(batch.mapping)
    found: dict[str, int] = {}
    for remembered in ColumnMapping.objects.filter(sender_agency=batch.sender_agency):
        if remembered.column_header in batch.headers:
            found[remembered.field] = batch.headers.index(remembered.column_header)
    for name, index in guess_mapping(batch.headers).items():
        if name not in found and index not in found.values():
            found[name] = index
    return found


@dataclass
class Suggestion:
    case: Case  # the person's latest case the actor may see: shown only through {% person_name %}
    person_id: uuid.UUID
    score: MatchScore

    @property
    def sure(self) -> bool:
        return self.score.band == Band.SURE


@dataclass
class DryRunRow:
    number: int
    values: RowValues
    problems: list[str]
    suggestions: list[Suggestion] = field(default_factory=list)
    same_in_file: list[int] = field(default_factory=list)
    decision: str = ""  # pre-selected: a person's UUID for a sure match, else "new"; "" for rows with problems
    imported_case: Case | None = None
    stored: ImportRow = field(default=None, repr=False)  # type: ignore[assignment]


@dataclass
class DryRun:
    batch: ImportBatch
    rows: list[DryRunRow]

    @property
    def valid_count(self) -> int:
        return sum(1 for row in self.rows if not row.problems)

    @property
    def problem_count(self) -> int:
        return len(self.rows) - self.valid_count


def _record(key: int, values: RowValues, places: dict[int, Place]) -> MatchRecord:
    return MatchRecord(
        key=key,
        full_name=values.full_name,
        birth_date=values.birth if isinstance(values.birth, BirthDate) else None,
        sex=values.sex,
        identity_number=values.identity_number,
        place=places.get(values.unit.pk) if values.unit is not None else None,
    )


def batch_dry_run(*, actor: User, batch: ImportBatch) -> DryRun:
    """Every row with its problems and, for valid rows, the existing persons it probably is.

    One audit event per dry run, with counts only.
    """
    communes = commune_index_for(batch)
    stored = list(batch.rows.select_related("case"))
    checked = [(row, row_values(batch, row, communes)) for row in stored]
    unit_ids = {pk for row, _values in checked for problem in row.problems for pk in problem.get("units", [])}
    units = AdminUnit.objects.in_bulk(unit_ids)
    rows = [
        DryRunRow(
            number=row.number,
            values=values,
            problems=[problem_message(p, units) for p in row.problems],
            imported_case=row.case,
            stored=row,
        )
        for row, values in checked
    ]
    valid = [(row, values) for row, values in zip(rows, (v for _r, v in checked), strict=True) if not row.problems]
    if batch.status == BatchStatus.DRY_RUN and valid:
        places = unit_places({values.unit.pk for _row, values in valid if values.unit is not None})
        records = [_record(row.number, values, places) for row, values in valid]
        found = match_records(actor=actor, records=records)
        person_ids = {c.person_id for candidates in found for c in candidates}
        latest: dict[uuid.UUID, Case] = {}
        for case in cases_for(actor, cap.CASE_VIEW).filter(person_id__in=person_ids).select_related("person"):
            if case.person_id not in latest or case.opened_on > latest[case.person_id].opened_on:
                latest[case.person_id] = case
        for (row, _values), candidates in zip(valid, found, strict=True):
            row.suggestions = [
                Suggestion(case=latest[c.person_id], person_id=c.person_id, score=c.score)
                for c in candidates
                if c.person_id in latest
            ]
            best = row.suggestions[0] if row.suggestions else None
            row.decision = str(best.person_id) if best is not None and best.sure else Decision.NEW
        by_number = {row.number: row for row, _values in valid}
        for pair in candidate_pairs(records):
            left, right = cast(int, pair.left), cast(int, pair.right)
            by_number[left].same_in_file.append(right)
            by_number[right].same_in_file.append(left)
        audit_record(
            actor=actor,
            action=AuditAction.SEARCH,
            verb="import_dry_run",
            target=batch,
            changes={
                "rows": len(rows),
                "rows_with_problems": len(rows) - len(valid),
                "rows_with_suggestions": sum(1 for row, _v in valid if row.suggestions),
                "persons_suggested": len(person_ids),
                "pairs_in_file": sum(len(row.same_in_file) for row, _v in valid) // 2,
            },
        )
    return DryRun(batch=batch, rows=rows)


@dataclass
class ErrorReport:
    headers: list[str]
    rows: list[list[str]]


def batch_error_report(*, actor: User, batch: ImportBatch, file_format: str) -> ErrorReport:
    """The rows not imported, in the file's columns and order, plus a "Lỗi" column; audited as an export."""
    units = AdminUnit.objects.in_bulk(
        {pk for row in batch.rows.all() for problem in row.problems for pk in problem.get("units", [])}
    )
    report_rows = []
    for row in batch.rows.all():
        if not row.problems and row.decision != Decision.SKIP:  # imported, or still to be decided
            continue
        reason = " ".join(problem_message(p, units) for p in row.problems) or _("Skipped by the officer.")
        report_rows.append([*json.loads(row.cells), reason])
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        verb="import_error_report",
        target=batch,
        changes={"rows": len(report_rows), "format": file_format},
    )
    return ErrorReport(headers=[*batch.headers, _("Error")], rows=report_rows)


# --- The stored dry run, a page at a time ------------------------------------------------------

PAGE_SIZE = 100
SHOW_ALL, SHOW_PROBLEMS, SHOW_MATCHES = "all", "problems", "matches"
SHOWS = (SHOW_ALL, SHOW_PROBLEMS, SHOW_MATCHES)
_LEVELS = {value.code: value for value in vars(scoring).values() if isinstance(value, scoring.Level)}


@dataclass
class DryRunPage:
    batch: ImportBatch
    rows: list[DryRunRow]
    page: int
    pages: int
    show: str
    counts: dict[str, int]  # rows, problems, matches, and the choices so far: new, same, skip
    failure: str = ""  # why the last import failed, in the user's language
    progress: tuple[int, int] | None = None  # while importing: rows written, rows to write

    @property
    def page_numbers(self) -> list[int | None]:
        """The first, the last and the pages near this one; None where pages are left out."""
        near = {1, self.pages, *range(self.page - 3, self.page + 4)}
        numbers: list[int | None] = []
        last = 0
        for number in sorted(n for n in near if 1 <= n <= self.pages):
            if number > last + 1:
                numbers.append(None)
            numbers.append(number)
            last = number
        return numbers


def _score(stored: dict[str, Any]) -> MatchScore:
    reasons = tuple(_LEVELS[code] for code in stored.get("reasons", []) if code in _LEVELS)
    return MatchScore(weight=float(stored["weight"]), reasons=reasons)


def _rows_shown(batch: ImportBatch, show: str) -> QuerySet[ImportRow]:
    rows = batch.rows.all()
    if show == SHOW_PROBLEMS:
        return rows.exclude(problems=[])
    if show == SHOW_MATCHES:
        return rows.filter(~Q(suggestions=[]) | ~Q(same_in_file=[]))
    return rows


def batch_dry_run_page(*, actor: User, batch: ImportBatch, page: int = 1, show: str = SHOW_ALL) -> DryRunPage:
    """One page of the stored dry run (``import_batch_check``), or of the import's outcome.

    Only the page's rows are decrypted and checked. The existing persons suggested are shown
    through their latest case the actor may see; listing them is audited (``audit_list_read``).
    """
    from imports import background

    show = show if show in SHOWS else SHOW_ALL
    counts = {
        "rows": batch.row_count,
        "problems": batch.rows.exclude(problems=[]).count(),
        "matches": _rows_shown(batch, SHOW_MATCHES).count(),
    }
    chosen = batch.rows.filter(problems=[]).order_by().values_list("decision").annotate(n=Count("id"))
    counts |= dict.fromkeys(Decision.values, 0) | {decision: n for decision, n in chosen if decision}
    result = DryRunPage(batch=batch, rows=[], page=1, pages=1, show=show, counts=counts)
    result.failure = failure_message(batch.import_error) if batch.import_error else ""
    if batch.status == BatchStatus.IMPORTING:
        result.progress = background.progress_get(batch.pk)
        return result
    shown = _rows_shown(batch, show)
    total = shown.count()
    result.pages = max(1, -(-total // PAGE_SIZE))
    result.page = min(max(1, page), result.pages)
    stored = list(shown.select_related("case")[(result.page - 1) * PAGE_SIZE : result.page * PAGE_SIZE])
    communes = commune_index_for(batch)
    unit_ids = {pk for row in stored for problem in row.problems for pk in problem.get("units", [])}
    units = AdminUnit.objects.in_bulk(unit_ids)
    person_ids = {uuid.UUID(s["person"]) for row in stored for s in row.suggestions}
    latest: dict[uuid.UUID, Case] = {}
    if person_ids and batch.status == BatchStatus.DRY_RUN:
        for case in cases_for(actor, cap.CASE_VIEW).filter(person_id__in=person_ids).select_related("person"):
            if case.person_id not in latest or case.opened_on > latest[case.person_id].opened_on:
                latest[case.person_id] = case
    for row in stored:
        decision = str(row.same_as_id) if row.decision == Decision.SAME else row.decision
        shown_row = DryRunRow(
            number=row.number,
            values=row_values(batch, row, communes),
            problems=[problem_message(p, units) for p in row.problems],
            same_in_file=list(row.same_in_file),
            decision=decision,
            imported_case=row.case,
            stored=row,
        )
        for s in row.suggestions:
            person_id = uuid.UUID(s["person"])
            if person_id in latest:
                shown_row.suggestions.append(Suggestion(case=latest[person_id], person_id=person_id, score=_score(s)))
        result.rows.append(shown_row)
    audit_list_read(actor=actor, verb="import_dry_run_page", person_ids=list(latest))
    return result


def _error_codes() -> dict[str, ErrorCode]:
    from cases import errors as case_errors
    from core import errors as core_errors
    from people import errors as person_errors

    modules = (core_errors, case_errors, person_errors, errors)
    return {v.code: v for module in modules for v in vars(module).values() if isinstance(v, ErrorCode)}


def _message(code: str, params: dict[str, Any]) -> str:
    error = _error_codes().get(code) or errors.IMPORT_FAILED
    try:
        return DomainError(error, **params).message
    except (KeyError, TypeError, ValueError):  # parameters of another version of the message
        return str(error.message)


def failure_message(failure: dict[str, Any]) -> str:
    """The stored error of a failed import (``services.failure_of``) in the user's language."""
    inner = failure.get("row_error")
    if inner:
        return _message(
            failure["code"], {**failure.get("params", {}), "message": _message(inner["code"], inner.get("params", {}))}
        )
    return _message(failure.get("code", ""), failure.get("params", {}))
