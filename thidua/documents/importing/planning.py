"""Plan a parsed register against the database: what each row writes, and what the services would refuse.

The checks repeat, row by row and without writing, the rules of the services the
commit calls (``incoming_register``, ``outgoing_register``, ``task_create``,
``assignment_create``, ``assignment_complete``), so that a file the preview
passes commits, and a file they would refuse is refused with every row named.
Errors and warnings are added to the parsed rows, with the column header as
the sheet writes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core.jobs import Progress
from thidua.documents.importing import values
from thidua.documents.importing.columns import SPECS
from thidua.documents.importing.resolve import Handler, HandlerResolver, UnknownName
from thidua.documents.importing.rows import ParsedRegister
from thidua.documents.models import IncomingDocument, OutgoingDocument, Register
from thidua.documents.services.common import fmt_date
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.importing.columns import column_by_key
from thidua.organization.importing.rows import Issue
from thidua.organization.models import Unit
from thidua.rules.notation import CONG_VAN, NotationError, format_notation, parse_notation
from thidua.rules.workdays import WorkCalendar

_SOURCE_NOTATION = re.compile(r"\d+\s*/\s*[^\s,;()]+")


@dataclass(slots=True)
class RowPlan:
    """What one row writes: the document or task, its handlers (lead first), its completion."""

    row: Any  # IncomingRow | OutgoingRow | TaskRow
    handlers: tuple[Handler, ...] = ()
    unit: Unit | None = None  # outgoing: the drafting unit (None: the register's)
    doc_type: str = ""  # outgoing: the type stored (the service's: "" for a công văn)
    notation_checked: bool = False  # outgoing: outgoing_register writes the same notation
    source: IncomingDocument | None = None  # tasks: the incoming document it arises from

    @property
    def completes(self) -> bool:
        """Whether the row's completion date completes its handlers' parts."""
        return bool(self.handlers) and getattr(self.row, "completed_on", None) is not None

    def as_dict(self, kind: str) -> dict[str, Any]:
        """The row as the preview shows it."""
        row = self.row
        handlers = [handler.label for handler in self.handlers]
        if kind == "incoming":
            return {
                "row": row.row,
                "sheet": row.sheet,
                "label": f"{row.number}/{row.year}" if row.year else str(row.number or ""),
                "date": fmt_date(row.received_on),
                "who": row.sender,
                "abstract": row.abstract[:200],
                "handlers": handlers,
                "deadline": fmt_date(row.deadline),
                "completed_on": fmt_date(row.completed_on) if self.completes else "",
            }
        if kind == "outgoing":
            return {
                "row": row.row,
                "sheet": row.sheet,
                "label": row.reference_text or f"{row.number or ''}/{row.notation}",
                "date": fmt_date(row.issued_on),
                "who": row.signer,
                "abstract": row.abstract[:200],
                "handlers": [self.unit.name] if self.unit else [],
                "deadline": "",
                "completed_on": "",
            }
        return {
            "row": row.row,
            "sheet": row.sheet,
            "label": row.title[:200],
            "date": fmt_date(row.assigned_on),
            "who": str(self.source) if self.source else row.source,
            "abstract": row.expected_result[:200],
            "handlers": handlers,
            "deadline": fmt_date(row.deadline),
            "completed_on": fmt_date(row.completed_on) if self.completes else "",
        }


class Planner:
    """Plans the rows of one parsed register for ``user`` (see the module docstring)."""

    def __init__(
        self,
        *,
        user: Any,
        parsed: ParsedRegister[Any],
        register: Register | None,
        unit: Unit,
        today: date,
        calendar: WorkCalendar,
        progress: Progress | None = None,
    ) -> None:
        self.user, self.parsed, self.register, self.unit = user, parsed, register, unit
        self.today, self.calendar, self.progress = today, calendar, progress
        self.kind = parsed.kind
        self.layouts = {layout.sheet: layout for layout in parsed.layouts}
        self.issues: list[Issue] = []
        self._notations: dict[tuple[Any, ...], str | None] = {}
        self._resolved: dict[
            tuple[str, tuple[str, ...]], tuple[tuple[Handler, ...], tuple[str, ...]]
        ] = {}

    # --- issues -------------------------------------------------------------------------

    def header(self, sheet: str, key: str) -> str:
        """The header of ``key`` as ``sheet`` writes it (the standard one if absent)."""
        columns = SPECS[self.kind].columns
        layout = self.layouts.get(sheet)
        return layout.header(key, columns) if layout else column_by_key(columns, key).header

    def error(self, row: Any, key: str, message: str) -> None:
        """Add an error to ``row``, on the column of ``key``."""
        place = self.header(row.sheet, key)
        row.errors.append(Issue(self.parsed.file_name, row.sheet, row.row, place, message))

    def warn(self, row: Any, key: str, message: str) -> None:
        """Add a warning to ``row``, on the column of ``key``."""
        place = self.header(row.sheet, key)
        row.warnings.append(Issue(self.parsed.file_name, row.sheet, row.row, place, message))

    # --- shared checks ------------------------------------------------------------------

    def _not_future(self, row: Any, key: str, label: str) -> None:
        day = getattr(row, key)
        if day is not None and day > self.today:
            self.error(
                row,
                key,
                _("%(what)s %(d)s sau ngày hôm nay (%(t)s)")
                % {"what": label, "d": fmt_date(day), "t": fmt_date(self.today)},
            )

    def _not_before(self, row: Any, key: str, start: date | None, message: Any) -> None:
        day = getattr(row, key)
        if day is not None and start is not None and day < start:
            self.error(row, key, str(message) % {"d": fmt_date(day), "s": fmt_date(start)})

    def _covered(self, row: Any, key: str) -> None:
        day = getattr(row, key)
        if day is not None and not self.calendar.covers(day):
            self.error(
                row,
                key,
                _("ngày %(d)s nằm ngoài lịch làm việc đã biết") % {"d": fmt_date(day)},
            )

    def _taken(
        self, model: type[IncomingDocument] | type[OutgoingDocument]
    ) -> set[tuple[int, int]]:
        assert self.register is not None
        years = {row.year for row in self.parsed.rows if row.year is not None}
        return set(
            model.objects.filter(register=self.register, year__in=years).values_list(
                "year", "number"
            )
        )

    def _duplicate(self, row: Any, taken: set[tuple[int, int]], key: str) -> None:
        if row.number is not None and row.year is not None and (row.year, row.number) in taken:
            assert self.register is not None
            self.error(
                row,
                key,
                _("số %(n)d năm %(y)d đã có trong sổ «%(r)s»")
                % {"n": row.number, "y": row.year, "r": self.register.name},
            )

    def _handlers(
        self, row: Any, key: str, texts: tuple[str, ...], resolver: HandlerResolver
    ) -> tuple[Handler, ...]:
        """The handlers ``texts`` name, each distinct cell resolved once; errors go on ``row``."""
        handlers, messages = self._resolve(key, texts, resolver)
        for message in messages:
            self.error(row, key, message)
        return handlers

    def _resolve(
        self, key: str, texts: tuple[str, ...], resolver: HandlerResolver
    ) -> tuple[tuple[Handler, ...], tuple[str, ...]]:
        """The handlers ``texts`` name and the errors of the others, worked out once per ``texts``."""
        cache_key = (key, texts)
        found = self._resolved.get(cache_key)
        if found is None:
            handlers: list[Handler] = []
            messages: list[str] = []
            seen: set[tuple[int, int | None]] = set()
            for text in texts:
                try:
                    handler = resolver.resolve(text)
                except UnknownName as exc:
                    messages.append(exc.message)
                    continue
                if handler.key in seen:
                    messages.append(_("«%(t)s» được ghi hai lần") % {"t": text})
                    continue
                seen.add(handler.key)
                handlers.append(handler)
            found = self._resolved[cache_key] = (tuple(handlers), tuple(messages))
        return found

    def _completion(self, row: Any, start: date | None, before_start: Any) -> None:
        """The checks of ``assignment_complete`` on the row's completion date."""
        done = row.completed_on
        if done > self.today:
            self._not_future(row, "completed_on", _("ngày hoàn thành"))
        if start is not None and done < start:
            self._not_before(row, "completed_on", start, before_start)
        covers = self.calendar.covers
        if not covers(done) or (row.deadline is not None and not covers(row.deadline)):
            for key in ("completed_on", "deadline"):
                self._covered(row, key)
        if start is not None and not covers(start):
            self._covered(row, "received_on" if self.kind == "incoming" else "assigned_on")

    def _tick(self, done: int, total: int) -> None:
        if self.progress is not None and (done % 1000 == 0 or done == total):
            self.progress(done, total, _("Đang kiểm tra dữ liệu"))

    # --- the three kinds ----------------------------------------------------------------

    def plan(self) -> tuple[list[RowPlan], list[Issue]]:
        """Check every row; return the row plans and the file-level issues."""
        kind = self.kind
        planned = (
            self._incoming()
            if kind == "incoming"
            else self._outgoing()
            if kind == "outgoing"
            else self._tasks()
        )
        return planned, self.issues

    def _incoming(self) -> list[RowPlan]:
        assert self.register is not None
        rows = self.parsed.rows
        taken = self._taken(IncomingDocument)
        resolver = HandlerResolver(self.user, Perm.ASSIGN_WORK)
        may_assign = access.can(self.user, Perm.ASSIGN_WORK, self.unit)
        if not may_assign and any(row.handler for row in rows):
            self.issues.append(
                Issue(
                    self.parsed.file_name,
                    column=self.header(rows[0].sheet, "handler"),
                    message=_(
                        "bạn không có quyền giao việc tại %(u)s nên không nhập được người xử lý; "
                        "hãy bỏ cột này (và cột ngày hoàn thành) hoặc nhờ lãnh đạo đơn vị nhập"
                    )
                    % {"u": self.unit.name},
                )
            )
        planned: list[RowPlan] = []
        keep = planned.append
        today, total = self.today, len(rows)
        covers = self.calendar.covers
        # handler cell -> its handlers and the errors of its other names
        handled: dict[str, tuple[tuple[Handler, ...], tuple[str, ...]]] = {}
        before_received = gettext_lazy("ngày hoàn thành %(d)s trước ngày đến (%(s)s)")
        for done, row in enumerate(rows, 1):
            received, deadline = row.received_on, row.deadline
            if received is not None:
                if received > today:
                    self._not_future(row, "received_on", _("ngày đến"))
                if deadline is not None and deadline < received:
                    self._not_before(
                        row, "deadline", received, _("hạn xử lý %(d)s trước ngày đến (%(s)s)")
                    )
                issued = row.issued_on
                if issued is not None and issued > received:
                    self.error(
                        row,
                        "issued_on",
                        _("ngày văn bản %(d)s sau ngày đến (%(s)s): không vào sổ được")
                        % {"d": fmt_date(issued), "s": fmt_date(received)},
                    )
            if taken and (row.year, row.number) in taken:
                self._duplicate(row, taken, "number")
            handlers: tuple[Handler, ...] = ()
            text = row.handler
            if text and may_assign:
                found = handled.get(text)
                if found is None:
                    texts = values.to_units(text)
                    found = handled[text] = self._resolve("handler", texts, resolver)
                handlers = found[0]
                for message in found[1]:
                    self.error(row, "handler", message)
            completed = row.completed_on
            if completed is not None:
                if handlers:
                    if (  # anything for _completion to report (it looks again)
                        completed > today
                        or not covers(completed)
                        or (deadline is not None and not covers(deadline))
                        or (received is not None and (completed < received or not covers(received)))
                    ):
                        self._completion(row, received, before_received)
                elif not text:
                    self.warn(
                        row,
                        "completed_on",
                        _("không có đơn vị hoặc người xử lý nên ngày hoàn thành không được ghi"),
                    )
            keep(RowPlan(row, handlers))
            if done % 1000 == 0:
                self._tick(done, total)
        self._tick(total, total)
        return planned

    def _service_notation(self, row: Any) -> str | None:
        """The notation ``outgoing_register`` would store for the row's reference, if any."""
        ref = row.reference
        if ref is None or row.issued_on is None:
            return None
        year = row.issued_on.year if ref.year is not None else None
        key = (ref.issuer, ref.document_type, ref.drafting_unit, year)
        if key not in self._notations:
            try:
                text = format_notation(
                    1,
                    issuer=ref.issuer,
                    document_type=ref.document_type,
                    drafting_unit=ref.drafting_unit,
                    year=year,
                    prefix=False,
                )
                parse_notation(text)
                self._notations[key] = text.split("/", 1)[1]
            except NotationError:
                self._notations[key] = None
        return self._notations[key]

    def _outgoing(self) -> list[RowPlan]:
        assert self.register is not None
        rows = self.parsed.rows
        taken = self._taken(OutgoingDocument)
        resolver = HandlerResolver(
            self.user, Perm.REGISTER_DOCUMENTS, people=False, within=self.unit
        )
        planned: list[RowPlan] = []
        issued_label, today = _("ngày văn bản"), self.today
        for done, row in enumerate(rows, 1):
            if row.issued_on is not None and row.issued_on > today:
                self._not_future(row, "issued_on", issued_label)
            if (row.year, row.number) in taken:
                layout = self.layouts.get(row.sheet)
                key = "reference" if layout and "reference" in layout.columns else "number"
                self._duplicate(row, taken, key)
            unit = None
            if row.unit:
                try:
                    unit = resolver.resolve(row.unit).unit
                except UnknownName as exc:
                    self.warn(
                        row,
                        "unit",
                        _("%(why)s; văn bản được ghi cho đơn vị giữ sổ (%(u)s)")
                        % {"why": exc.message, "u": self.unit.name},
                    )
            ref = row.reference
            if ref is not None:
                doc_type = ref.document_type or ""
            else:
                doc_type = "" if row.doc_type == CONG_VAN else row.doc_type
            checked = ref is not None and self._service_notation(row) == row.notation
            planned.append(RowPlan(row=row, unit=unit, doc_type=doc_type, notation_checked=checked))
            self._tick(done, len(rows))
        return planned

    def _sources(self) -> dict[str, IncomingDocument | None]:
        """Each distinct "văn bản giao" text -> the one visible incoming document it names."""
        wanted: dict[str, str] = {}
        for row in self.parsed.rows:
            if row.source and row.source not in wanted:
                match = _SOURCE_NOTATION.search(row.source)
                try:
                    wanted[row.source] = parse_notation(match[0]).format() if match else ""
                except NotationError:
                    wanted[row.source] = ""
        references = {ref for ref in wanted.values() if ref}
        found: dict[str, list[IncomingDocument]] = {}
        if references:
            visible = access.restrict(
                IncomingDocument.objects.select_related("unit"), self.user, Perm.VIEW_WORK
            )
            for document in visible.filter(Q(sender_reference__in=references)):
                found.setdefault(document.sender_reference, []).append(document)
        result: dict[str, IncomingDocument | None] = {}
        for text, ref in wanted.items():
            documents = found.get(ref, []) if ref else []
            result[text] = documents[0] if len(documents) == 1 else None
        return result

    def _tasks(self) -> list[RowPlan]:
        rows = self.parsed.rows
        resolver = HandlerResolver(self.user, Perm.ASSIGN_WORK)
        sources = self._sources()
        planned: list[RowPlan] = []
        for done, row in enumerate(rows, 1):
            assigned = row.assigned_on
            self._not_future(row, "assigned_on", _("ngày giao"))
            self._not_before(row, "deadline", assigned, _("thời hạn %(d)s trước ngày giao (%(s)s)"))
            handlers = self._handlers(row, "lead", (row.lead,) if row.lead else (), resolver)
            if len(handlers) == 1:
                supports = self._handlers(row, "supports", row.supports, resolver)
                for support in supports:
                    if support.key == handlers[0].key:
                        self.error(
                            row,
                            "supports",
                            _("%(h)s vừa chủ trì vừa phối hợp") % {"h": support.label},
                        )
                    else:
                        handlers += (support,)
            if row.completed_on is not None:
                self._completion(row, assigned, _("ngày hoàn thành %(d)s trước ngày giao (%(s)s)"))
            source = sources.get(row.source) if row.source else None
            if row.source and source is None:
                self.warn(
                    row,
                    "source",
                    _(
                        "không tìm thấy đúng một văn bản đến «%(t)s» nên nhiệm vụ không gắn với văn bản nguồn"
                    )
                    % {"t": row.source},
                )
            planned.append(RowPlan(row=row, handlers=handlers, source=source))
            self._tick(done, len(rows))
        return planned
