"""Pages of work processing: my work, the registers, documents, tasks and what is done on them.

Every page reads through the selectors (404 outside the viewer's scope) and
writes through one service, POST-redirect-GET. Pages that only some users may
use answer 403 to the others (``access`` and the selectors' rules decide; the
services check again). A refused operation (``ApplicationError``) comes back
as form errors on the field it names; ``AccessDenied`` is a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_tables2 import RequestConfig

from thidua.core.actor import Actor
from thidua.core.exceptions import AccessDenied, ApplicationError
from thidua.documents import selectors
from thidua.documents.calendar import work_calendar
from thidua.documents.forms import (
    AssignForm,
    CompleteForm,
    ExtensionDecideForm,
    ExtensionRequestForm,
    ForwardForm,
    IncomingForm,
    ListFilterForm,
    NotationPreviewForm,
    OutgoingForm,
    ReturnForm,
    TaskForm,
    WorkForm,
)
from thidua.documents.models import (
    Assignment,
    AssignmentRole,
    Attachment,
    ExtensionStatus,
    IncomingDocument,
    OutgoingDocument,
    RegisterKind,
    Task,
)
from thidua.documents.services import assignments as assignment_services
from thidua.documents.services import attachments as attachment_services
from thidua.documents.services import extensions as extension_services
from thidua.documents.services import registers as register_services
from thidua.documents.tables import (
    PAGE_SIZE,
    IncomingTable,
    OutgoingTable,
    TaskTable,
    assignment_status,
    assignment_tree,
    handler_label,
    subject_title,
    subject_url,
    work_items,
)
from thidua.organization import access
from thidua.organization.access import Perm
from thidua.organization.models import Unit
from thidua.organization.selectors import person_list, unit_list
from thidua.rules.workdays import WorkCalendar

_METHODS = ["GET", "HEAD", "POST"]
RECENT_DAYS = 30
RECENT_LIMIT = 20
UNIT_PARTS_LIMIT = 50
Subject = IncomingDocument | Task

# --- helpers --------------------------------------------------------------------------------


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request)


def _today() -> tuple[date, WorkCalendar]:
    return timezone.localdate(), work_calendar()


def _units(user: Any, perm: Perm) -> QuerySet[Unit]:
    """The units where ``user`` holds ``perm``, in tree order."""
    return access.restrict(Unit.objects.all(), user, perm, unit_field="").order_by("path")


def _show_error(form: WorkForm, exc: ApplicationError) -> None:
    """Put a refused operation's message on the fields it names (on the whole form otherwise)."""
    if isinstance(exc, AccessDenied):
        raise PermissionDenied(exc.message) from exc
    placed = False
    for key, errors in (exc.extra.get("fields") or {}).items():
        name = form.field_for(key)
        for error in [errors] if isinstance(errors, str) else errors:
            if name is not None:
                form.add_error(name, str(error))
                placed = True
    if not placed:
        form.add_error(None, exc.message)


def _submit(
    request: HttpRequest, form: WorkForm, run: Callable[[], HttpResponse]
) -> HttpResponse | None:
    """On a valid POST, call ``run`` (one service, then a redirect); refusals become form errors."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return run()
    except ApplicationError as exc:
        _show_error(form, exc)
        return None


def _chosen(form: WorkForm, name: str, initial: dict[str, Any]) -> Any:
    """A hidden choice's object: the posted one once validated, else the initial one."""
    if form.is_bound:
        return getattr(form, "cleaned_data", {}).get(name)
    return initial.get(name)


def _subject_url(subject: Subject) -> str:
    if isinstance(subject, IncomingDocument):
        return reverse("documents:incoming_detail", args=[subject.pk])
    return reverse("documents:task_detail", args=[subject.pk])


# --- my work --------------------------------------------------------------------------------


@require_safe
@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    """My open parts (by deadline, with their status), extension requests to decide, recent work.

    Leaders also see the open parts given to their units and not passed on yet.
    """
    user = request.user
    today, calendar = _today()
    recent = (
        selectors.my_assignments(user)
        .filter(completed_on__gte=today - timedelta(days=RECENT_DAYS))
        .order_by("-completed_on", "-pk")[:RECENT_LIMIT]
    )
    may_assign = access.has_perm_anywhere(user, Perm.ASSIGN_WORK)
    unit_parts: list[Assignment] = []
    if may_assign:  # units' parts not passed on yet, which their leaders may pass on
        waiting = selectors.assignment_list(user, open_only=True).filter(
            person__isnull=True, children__isnull=True
        )
        unit_parts = [
            a for a in waiting[: UNIT_PARTS_LIMIT + 1] if access.can(user, Perm.ASSIGN_WORK, a.unit)
        ]

    def items(assignments: Any) -> Any:
        return work_items(assignments, today=today, calendar=calendar)

    context = {
        "open_items": items(selectors.my_assignments(user, open_only=True)),
        "recent_items": items(recent),
        "unit_items": items(unit_parts[:UNIT_PARTS_LIMIT]),
        "unit_more": len(unit_parts) > UNIT_PARTS_LIMIT,
        "pending": selectors.extension_pending_list(user),
        "may_assign": may_assign,
        "may_register": access.has_perm_anywhere(user, Perm.REGISTER_DOCUMENTS),
        "may_view": access.has_perm_anywhere(user, Perm.VIEW_WORK),
        "has_person": getattr(user, "person_id", None) is not None,
        "today": today,
        "recent_days": RECENT_DAYS,
    }
    return render(request, "documents/work_my.html", context)


# --- the processing panel of a document or task ---------------------------------------------


def _assign_form(user: Any, data: Any) -> AssignForm:
    people = person_list(viewer=user).select_related("unit")
    return AssignForm(
        data,
        units=_units(user, Perm.ASSIGN_WORK),
        people=access.restrict(people, user, Perm.ASSIGN_WORK),
    )


def _panel(request: HttpRequest, subject: Subject, form: AssignForm | None) -> dict[str, Any]:
    """The assignment tree, the trace and (for leaders) the assign form of a document or task."""
    user = request.user
    today, calendar = _today()
    tree = assignment_tree(
        list(subject.assignments.all()), viewer=user, today=today, calendar=calendar
    )
    may_assign = access.can(user, Perm.ASSIGN_WORK, subject.unit)
    if isinstance(subject, IncomingDocument):
        assign_url = reverse("documents:incoming_assign", args=[subject.pk])
    else:
        assign_url = reverse("documents:task_assign", args=[subject.pk])
    return {
        "tree": tree,
        "lead": next((n for n in tree if n.assignment.role == AssignmentRole.LEAD), None),
        "steps": selectors.trace(subject),
        "assign_form": (form or _assign_form(user, None)) if may_assign else None,
        "assign_url": assign_url,
        "today": today,
    }


def _assign(
    request: HttpRequest, subject: Subject, template: str, context: dict[str, Any]
) -> HttpResponse:
    """Handle the assign form of a document or task (leaders over its unit; others 403)."""
    _require(access.can(request.user, Perm.ASSIGN_WORK, subject.unit))
    form = _assign_form(request.user, request.POST)

    def run() -> HttpResponse:
        created = assignment_services.assignment_create(
            actor=_actor(request),
            document=subject if isinstance(subject, IncomingDocument) else None,
            task=subject if isinstance(subject, Task) else None,
            lead=form.lead(),
            co_handlers=form.co_handlers(),
            assigned_on=form.cleaned_data["assigned_on"],
            note=form.cleaned_data["note"],
        )
        names = ", ".join(handler_label(a) for a in created)
        messages.success(request, _("Đã giao xử lý: %(h)s.") % {"h": names})
        return redirect(f"{_subject_url(subject)}#assignments")

    response = _submit(request, form, run)
    if response is not None:
        return response
    context.update(_panel(request, subject, form))
    return render(request, template, context)


# --- lists ----------------------------------------------------------------------------------


def _list_page(
    request: HttpRequest, form: ListFilterForm, table: Any, template: str, **extra: Any
) -> HttpResponse:
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    context = {
        "filter_form": form,
        "table": table,
        "filtered": bool(request.GET),
        "may_view": access.has_perm_anywhere(request.user, Perm.VIEW_WORK),
        **extra,
    }
    return render(request, template, context)


def _work_units(user: Any) -> QuerySet[Unit] | None:
    """The unit filter's choices: the viewer's VIEW_WORK units (None: no such grant)."""
    if not access.has_perm_anywhere(user, Perm.VIEW_WORK):
        return None
    return _units(user, Perm.VIEW_WORK)


def _may_register(user: Any, kind: str) -> bool:
    return selectors.register_list(user, kind=kind, writable=True).exists()


@require_safe
@login_required
def incoming_list(request: HttpRequest) -> HttpResponse:
    """The incoming register: search, filter by register, year and unit."""
    user = request.user
    registers = selectors.register_list(user, kind=RegisterKind.INCOMING, active_only=False)
    form = ListFilterForm(request.GET or None, registers=registers, units=_work_units(user))
    today, calendar = _today()
    documents = selectors.incoming_list(user, **form.filters())
    table = IncomingTable(documents, today=today, calendar=calendar)
    return _list_page(
        request,
        form,
        table,
        "documents/work_incoming_list.html",
        may_register=_may_register(user, RegisterKind.INCOMING),
    )


@require_safe
@login_required
def outgoing_list(request: HttpRequest) -> HttpResponse:
    """The outgoing register: search, filter by register and year."""
    user = request.user
    registers = selectors.register_list(user, kind=RegisterKind.OUTGOING, active_only=False)
    form = ListFilterForm(request.GET or None, registers=registers, units=None)
    table = OutgoingTable(selectors.outgoing_list(user, **form.filters()))
    return _list_page(
        request,
        form,
        table,
        "documents/work_outgoing_list.html",
        may_register=_may_register(user, RegisterKind.OUTGOING),
    )


@require_safe
@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    """Tasks the viewer may see: search, filter by unit and year."""
    user = request.user
    form = ListFilterForm(request.GET or None, registers=None, units=_work_units(user))
    today, calendar = _today()
    table = TaskTable(selectors.task_list(user, **form.filters()), today=today, calendar=calendar)
    return _list_page(
        request,
        form,
        table,
        "documents/work_task_list.html",
        may_create=access.has_perm_anywhere(user, Perm.ASSIGN_WORK),
    )


# --- incoming documents ---------------------------------------------------------------------


@require_http_methods(_METHODS)
@login_required
def incoming_create(request: HttpRequest) -> HttpResponse:
    """Register an incoming document (clerks): numbered in the register, files attached."""
    user = request.user
    _require(access.has_perm_anywhere(user, Perm.REGISTER_DOCUMENTS))
    registers = selectors.register_list(user, kind=RegisterKind.INCOMING, writable=True)
    form = IncomingForm(
        _data(request),
        request.FILES or None,
        registers=registers,
        units=_units(user, Perm.REGISTER_DOCUMENTS),
    )

    def run() -> HttpResponse:
        document = attachment_services.incoming_register_with_files(
            actor=_actor(request),
            register=form.cleaned_data["register"],
            data=form.incoming_data(),
            files=form.cleaned_data["attachments"],
            unit=form.cleaned_data["unit"],
        )
        messages.success(
            request,
            _("Đã vào sổ văn bản đến, số đến %(n)s/%(y)s.")
            % {"n": document.number, "y": document.year},
        )
        return redirect("documents:incoming_detail", pk=document.pk)

    return _submit(request, form, run) or render(
        request,
        "documents/work_incoming_form.html",
        {"form": form, "has_registers": registers.exists()},
    )


def _incoming_context(request: HttpRequest, document: IncomingDocument) -> dict[str, Any]:
    return {
        "document": document,
        "attachments": list(document.attachments.all()),
        "may_reply": access.can(request.user, Perm.REGISTER_DOCUMENTS, document.register.unit),
        "may_task": access.has_perm_anywhere(request.user, Perm.ASSIGN_WORK),
    }


@require_safe
@login_required
def incoming_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One incoming document: its particulars, files, processing tree and trace."""
    document = selectors.incoming_get(request.user, pk=pk)
    context = _incoming_context(request, document) | _panel(request, document, None)
    return render(request, "documents/work_incoming_detail.html", context)


@require_POST
@login_required
def incoming_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign an incoming document to a lead and co-handlers (leaders over its unit)."""
    document = selectors.incoming_get(request.user, pk=pk)
    context = _incoming_context(request, document)
    return _assign(request, document, "documents/work_incoming_detail.html", context)


def _download(attachments: list[Attachment], attachment_pk: int) -> FileResponse:
    attachment = next((a for a in attachments if a.pk == attachment_pk), None)
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=attachment.name)
    if attachment.content_type:
        response["Content-Type"] = attachment.content_type
    return response


@require_safe
@login_required
def incoming_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """Download a file of an incoming document the viewer may see."""
    document = selectors.incoming_get(request.user, pk=pk)
    return _download(list(document.attachments.all()), attachment_pk)


# --- outgoing documents ---------------------------------------------------------------------


def _outgoing_get(user: Any, pk: int) -> OutgoingDocument:
    document = selectors.outgoing_list(user).filter(pk=pk).prefetch_related("attachments").first()
    if document is None:
        raise Http404
    return document


def _notation_preview(user: Any, form: NotationPreviewForm) -> dict[str, str]:
    """The expected "Số: 05/QĐ-VPCP" of the document being entered (the number is a forecast)."""
    form.is_valid()
    data = form.cleaned_data
    issued_on = data.get("issued_on") or timezone.localdate()
    try:
        notation = register_services.outgoing_notation(
            register_services.OutgoingData(
                issued_on=issued_on,
                abstract="",
                signer="",
                issuer=data.get("issuer") or "",
                document_type=data.get("document_type") or None,
                drafting_unit=data.get("drafting_unit") or "",
                year_in_notation=bool(data.get("year_in_notation")),
            )
        )
    except ApplicationError as exc:
        return {"preview": "", "error": exc.message}
    registers = selectors.register_list(user, kind=RegisterKind.OUTGOING, writable=True)
    register = registers.filter(pk=data.get("register") or 0).first() or registers.first()
    last = None
    if register is not None:
        numbers = selectors.outgoing_list(user, register=register, year=issued_on.year)
        last = numbers.order_by("-number").values_list("number", flat=True).first()
    return {"preview": f"Số: {(last or 0) + 1:02d}/{notation}", "error": ""}


@require_http_methods(_METHODS)
@login_required
def outgoing_create(request: HttpRequest) -> HttpResponse:
    """Register an issued document (clerks), its notation previewed as it is typed."""
    user = request.user
    _require(access.has_perm_anywhere(user, Perm.REGISTER_DOCUMENTS))
    registers = selectors.register_list(user, kind=RegisterKind.OUTGOING, writable=True)
    initial: dict[str, Any] = {}
    if request.GET.get("reply_to", "").isdigit():
        initial["reply_to"] = selectors.incoming_get(user, pk=int(request.GET["reply_to"]))
    form = OutgoingForm(
        _data(request),
        request.FILES or None,
        initial=initial,
        registers=registers,
        units=_units(user, Perm.REGISTER_DOCUMENTS),
        incoming=selectors.incoming_list(user),
    )

    def run() -> HttpResponse:
        document = attachment_services.outgoing_register_with_files(
            actor=_actor(request),
            register=form.cleaned_data["register"],
            data=form.outgoing_data(),
            files=form.cleaned_data["attachments"],
            unit=form.cleaned_data["unit"],
        )
        messages.success(request, _("Đã vào sổ văn bản đi: Số %(s)s.") % {"s": document})
        return redirect("documents:outgoing_detail", pk=document.pk)

    response = _submit(request, form, run)
    if response is not None:
        return response
    context = {
        "form": form,
        "has_registers": registers.exists(),
        "reply_to": _chosen(form, "reply_to", initial),
        **_notation_preview(user, NotationPreviewForm(_data(request) or request.GET)),
    }
    return render(request, "documents/work_outgoing_form.html", context)


@require_safe
@login_required
def outgoing_preview(request: HttpRequest) -> HttpResponse:
    """The notation preview alone (HTMX, as the clerk types)."""
    _require(access.has_perm_anywhere(request.user, Perm.REGISTER_DOCUMENTS))
    context = _notation_preview(request.user, NotationPreviewForm(request.GET))
    return render(request, "documents/work_notation_preview.html", context)


@require_safe
@login_required
def outgoing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One outgoing document with its files."""
    document = _outgoing_get(request.user, pk)
    context = {"document": document, "attachments": list(document.attachments.all())}
    return render(request, "documents/work_outgoing_detail.html", context)


@require_safe
@login_required
def outgoing_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """Download a file of an outgoing document the viewer may see."""
    document = _outgoing_get(request.user, pk)
    return _download(list(document.attachments.all()), attachment_pk)


# --- tasks ----------------------------------------------------------------------------------


@require_http_methods(_METHODS)
@login_required
def task_create(request: HttpRequest) -> HttpResponse:
    """Record a task given to a unit (leaders); its handlers are assigned on its page."""
    user = request.user
    _require(access.has_perm_anywhere(user, Perm.ASSIGN_WORK))
    initial: dict[str, Any] = {}
    if request.GET.get("source", "").isdigit():
        source = selectors.incoming_get(user, pk=int(request.GET["source"]))
        initial.update(source_document=source, title=source.abstract[:500])
    form = TaskForm(
        _data(request),
        initial=initial,
        units=_units(user, Perm.ASSIGN_WORK),
        incoming=selectors.incoming_list(user),
    )

    def run() -> HttpResponse:
        task = register_services.task_create(actor=_actor(request), **form.cleaned_data)
        messages.success(request, _("Đã tạo nhiệm vụ. Hãy giao đơn vị, cá nhân xử lý."))
        return redirect("documents:task_detail", pk=task.pk)

    return _submit(request, form, run) or render(
        request,
        "documents/work_task_form.html",
        {"form": form, "source": _chosen(form, "source_document", initial)},
    )


@require_safe
@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One task: what is expected, its processing tree and trace."""
    task = selectors.task_get(request.user, pk=pk)
    context = {"task": task} | _panel(request, task, None)
    return render(request, "documents/work_task_detail.html", context)


@require_POST
@login_required
def task_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign a task to a lead and co-handlers (leaders over its unit)."""
    task = selectors.task_get(request.user, pk=pk)
    return _assign(request, task, "documents/work_task_detail.html", {"task": task})


# --- actions on one assignment --------------------------------------------------------------


def _assignment(request: HttpRequest, pk: int) -> Assignment:
    """A part the viewer may see, with what the checks need; 404 otherwise."""
    assignment = (
        selectors.assignment_list(request.user)
        .filter(pk=pk)
        .select_related("parent__unit", "document__unit", "task__unit")
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment


def _act(
    request: HttpRequest,
    assignment: Assignment,
    form: WorkForm,
    run: Callable[[], tuple[Assignment, str]],
    **page: Any,
) -> HttpResponse:
    """An action page: on a valid POST ``run`` returns the part and the message to show."""

    def done() -> HttpResponse:
        target, message = run()
        messages.success(request, message)
        return redirect(f"{subject_url(target)}#assignment-{target.pk}")

    response = _submit(request, form, done)
    if response is not None:
        return response
    today, calendar = _today()
    page.update(
        assignment=assignment,
        form=form,
        handler=handler_label(assignment),
        subject_title=subject_title(assignment),
        subject_url=subject_url(assignment),
        status=assignment_status(assignment, today=today, calendar=calendar),
    )
    return render(request, "documents/work_action.html", page)


@require_http_methods(_METHODS)
@login_required
def assignment_forward(request: HttpRequest, pk: int) -> HttpResponse:
    """Pass a unit's part on to a specialist or a sub-unit (the unit's leaders)."""
    assignment = _assignment(request, pk)
    user, unit = request.user, assignment.unit
    _require(access.can(user, Perm.ASSIGN_WORK, unit))
    form = ForwardForm(
        _data(request),
        units=unit_list(viewer=user).filter(path__startswith=unit.path, depth__gt=unit.depth),
        people=person_list(viewer=user).filter(unit__path__startswith=unit.path),
    )

    def run() -> tuple[Assignment, str]:
        child = assignment_services.assignment_forward(
            actor=_actor(request),
            assignment=assignment,
            to=form.target(),
            forwarded_on=form.cleaned_data["forwarded_on"],
            note=form.cleaned_data["note"],
        )
        return child, _("Đã chuyển cho %(h)s.") % {"h": handler_label(child)}

    return _act(
        request, assignment, form, run, title=_("Chuyển xử lý"), submit=_("Chuyển"), icon="bi-send"
    )


@require_http_methods(_METHODS)
@login_required
def assignment_complete(request: HttpRequest, pk: int) -> HttpResponse:
    """Report a part completed (its handler, or the leaders of its unit)."""
    assignment = _assignment(request, pk)
    _require(selectors.assignment_can_handle(request.user, assignment))
    form = CompleteForm(_data(request))

    def run() -> tuple[Assignment, str]:
        done = assignment_services.assignment_complete(
            actor=_actor(request), assignment=assignment, **form.cleaned_data
        )
        if done.late_days:
            return done, _("Đã báo cáo hoàn thành, chậm %(n)s ngày làm việc so với hạn xử lý.") % {
                "n": done.late_days
            }
        return done, _("Đã báo cáo hoàn thành.")

    return _act(
        request,
        assignment,
        form,
        run,
        title=_("Báo cáo hoàn thành"),
        submit=pgettext("action", "Hoàn thành"),  # the button; the trace step says "Completed"
        icon="bi-check2-circle",
    )


@require_http_methods(_METHODS)
@login_required
def assignment_extension(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask to move a part's deadline (its handler)."""
    assignment = _assignment(request, pk)
    _require(selectors.assignment_can_handle(request.user, assignment))
    form = ExtensionRequestForm(_data(request))

    def run() -> tuple[Assignment, str]:
        extension_services.extension_request(
            actor=_actor(request), assignment=assignment, **form.cleaned_data
        )
        return assignment, _("Đã gửi đề nghị gia hạn.")

    return _act(
        request,
        assignment,
        form,
        run,
        title=_("Đề nghị gia hạn"),
        submit=_("Gửi đề nghị"),
        icon="bi-calendar-plus",
    )


@require_http_methods(_METHODS)
@login_required
def extension_decide(request: HttpRequest, pk: int, extension_pk: int) -> HttpResponse:
    """Approve or refuse an extension request (the assigner or the giving unit's leaders)."""
    assignment = _assignment(request, pk)
    _require(selectors.assignment_can_supervise(request.user, assignment))
    extension = assignment.extensions.filter(pk=extension_pk).first()
    if extension is None:
        raise Http404
    if extension.status != ExtensionStatus.PENDING:
        messages.info(request, _("Đề nghị gia hạn này đã được xử lý."))
        return redirect(subject_url(assignment))
    form = ExtensionDecideForm(_data(request))

    def run() -> tuple[Assignment, str]:
        decided = extension_services.extension_decide(
            actor=_actor(request),
            extension=extension,
            approve=form.approve,
            note=form.cleaned_data["note"],
        )
        if decided.status == ExtensionStatus.APPROVED:
            day = f"{decided.requested_deadline:%d/%m/%Y}"
            return assignment, _("Đã gia hạn đến ngày %(d)s.") % {"d": day}
        return assignment, _("Đã từ chối đề nghị gia hạn.")

    return _act(
        request,
        assignment,
        form,
        run,
        title=_("Duyệt đề nghị gia hạn"),
        submit=_("Ghi quyết định"),
        icon="bi-calendar-check",
        extension=extension,
    )


@require_http_methods(_METHODS)
@login_required
def assignment_return(request: HttpRequest, pk: int) -> HttpResponse:
    """Return a completed part for rework (the assigner or the giving unit's leaders)."""
    assignment = _assignment(request, pk)
    _require(selectors.assignment_can_supervise(request.user, assignment))
    form = ReturnForm(_data(request))

    def run() -> tuple[Assignment, str]:
        assignment_services.assignment_return(
            actor=_actor(request), assignment=assignment, **form.cleaned_data
        )
        return assignment, _("Đã trả lại để xử lý lại.")

    return _act(
        request,
        assignment,
        form,
        run,
        title=_("Trả lại để xử lý lại"),
        submit=_("Trả lại"),
        icon="bi-arrow-counterclockwise",
    )


urlpatterns: list[URLPattern] = [
    path("", my_work, name="my_work"),
    path("incoming/", incoming_list, name="incoming_list"),
    path("incoming/new/", incoming_create, name="incoming_create"),
    path("incoming/<int:pk>/", incoming_detail, name="incoming_detail"),
    path("incoming/<int:pk>/assign/", incoming_assign, name="incoming_assign"),
    path(
        "incoming/<int:pk>/files/<int:attachment_pk>/",
        incoming_attachment,
        name="incoming_attachment",
    ),
    path("outgoing/", outgoing_list, name="outgoing_list"),
    path("outgoing/new/", outgoing_create, name="outgoing_create"),
    path("outgoing/preview/", outgoing_preview, name="outgoing_preview"),
    path("outgoing/<int:pk>/", outgoing_detail, name="outgoing_detail"),
    path(
        "outgoing/<int:pk>/files/<int:attachment_pk>/",
        outgoing_attachment,
        name="outgoing_attachment",
    ),
    path("tasks/", task_list, name="task_list"),
    path("tasks/new/", task_create, name="task_create"),
    path("tasks/<int:pk>/", task_detail, name="task_detail"),
    path("tasks/<int:pk>/assign/", task_assign, name="task_assign"),
    path("assignments/<int:pk>/forward/", assignment_forward, name="assignment_forward"),
    path("assignments/<int:pk>/complete/", assignment_complete, name="assignment_complete"),
    path("assignments/<int:pk>/extension/", assignment_extension, name="assignment_extension"),
    path(
        "assignments/<int:pk>/extensions/<int:extension_pk>/",
        extension_decide,
        name="extension_decide",
    ),
    path("assignments/<int:pk>/return/", assignment_return, name="assignment_return"),
]
