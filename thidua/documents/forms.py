"""Forms of the work-processing pages: input only, the services decide.

Dates are typed dd/mm/yyyy whatever the interface language. Field names follow
the keys the services put in ``ApplicationError.extra["fields"]``; each form's
``error_fields`` maps the other keys to the field that shows the error, so a
refused operation appears where the user typed the value.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import DateInput, bootstrap_form
from thidua.documents.models import IncomingDocument, Register, Secrecy, Urgency
from thidua.documents.services.assignments import HandlerSpec
from thidua.documents.services.attachments import MAX_FILES
from thidua.documents.services.registers import IncomingData, OutgoingData
from thidua.organization.forms import unit_label
from thidua.organization.models import Person, Unit
from thidua.rules.notation import ADMINISTRATIVE_DOCUMENT_TYPES, LEGAL_DOCUMENT_TYPES

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
MAX_WORKING_DAYS = 365

DOC_TYPE_CHOICES = [
    ("", _("Công văn")),
    *((code, f"{code} – {name}") for code, name in ADMINISTRATIVE_DOCUMENT_TYPES.items()),
    *((code, f"{code} – {name}") for code, name in LEGAL_DOCUMENT_TYPES.items()),
]
"""Document types: a công văn has no code; the others use Decree 30's abbreviations."""


def _date(label: Any, *, required: bool = False, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, input_formats=DATE_FORMATS, widget=DateInput(), **kwargs
    )


def _text(label: Any, *, required: bool = False, rows: int = 3, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


def _working_days(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1,
        max_value=MAX_WORKING_DAYS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A unit menu indented like the tree."""

    def label_from_instance(self, obj: Any) -> str:
        return unit_label(obj)


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Several units, indented like the tree."""

    def label_from_instance(self, obj: Any) -> str:
        return unit_label(obj)


def person_label(person: Person) -> str:
    """A person with their unit, so namesakes can be told apart."""
    if person.unit is None:
        return person.full_name
    return f"{person.full_name} – {person.unit.short_name or person.unit.name}"


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A person menu: "Full name – unit"."""

    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


class PersonMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Several people: "Full name – unit"."""

    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


class MultipleFileInput(forms.ClearableFileInput):
    """A file input that takes several files at once."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Zero or more uploaded files, cleaned one by one into a list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        items = data if isinstance(data, list | tuple) else [data]
        files = [super(MultipleFileField, self).clean(item, initial) for item in items if item]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("Mỗi lần đính kèm tối đa %(n)s tệp.") % {"n": MAX_FILES})
        return [f for f in files if f]


class WorkForm(forms.Form):
    """Base of the forms here: Bootstrap styling and the service-key -> field map."""

    error_fields: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap_form(self)

    def field_for(self, key: str) -> str | None:
        """The field that shows a service error about ``key`` (None: the whole form)."""
        name = self.error_fields.get(key, key)
        return name if name in self.fields else None


def _attachments_field() -> MultipleFileField:
    return MultipleFileField(
        label=_("Tệp đính kèm"),
        help_text=_("Có thể chọn nhiều tệp: PDF, Word, Excel, ảnh, ZIP; mỗi tệp không quá 20 MB."),
    )


# --- registers ------------------------------------------------------------------------------


class IncomingForm(WorkForm):
    """What the clerk enters for an incoming document (văn bản đến)."""

    error_fields = {"year": "received_on", "number": "register"}

    register = forms.ModelChoiceField(
        label=_("Sổ văn bản đến"), queryset=Register.objects.none(), empty_label=None
    )
    unit = UnitChoiceField(
        label=_("Đơn vị nhận"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("(Đơn vị giữ sổ)"),
    )
    received_on = _date(_("Ngày đến"), required=True, initial=timezone.localdate)
    sender = forms.CharField(label=_("Cơ quan gửi"), max_length=255)
    sender_reference = forms.CharField(label=_("Số, ký hiệu"), max_length=64, required=False)
    issued_on = _date(_("Ngày văn bản"))
    doc_type = forms.ChoiceField(label=_("Loại văn bản"), choices=DOC_TYPE_CHOICES, required=False)
    abstract = _text(_("Trích yếu"), required=True)
    urgency = forms.ChoiceField(label=_("Độ khẩn"), choices=Urgency.choices, initial=Urgency.NORMAL)
    secrecy = forms.ChoiceField(label=_("Độ mật"), choices=Secrecy.choices, initial=Secrecy.NORMAL)
    instruction = _text(_("Ý kiến chỉ đạo"), rows=2)
    deadline = _date(_("Hạn xử lý (ngày)"))
    deadline_working_days = _working_days(_("hoặc số ngày làm việc"))
    attachments = _attachments_field()

    def __init__(
        self, *args: Any, registers: QuerySet[Register], units: QuerySet[Unit], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["register"].queryset = registers  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["sender_reference"].widget.attrs["placeholder"] = "05/QĐ-UBND"
        self.fields["deadline_working_days"].widget.attrs["placeholder"] = "10"

    def incoming_data(self) -> IncomingData:
        """The cleaned particulars as ``incoming_register`` takes them (after ``is_valid``)."""
        data = self.cleaned_data
        return IncomingData(
            received_on=data["received_on"],
            sender=data["sender"],
            abstract=data["abstract"],
            sender_reference=data["sender_reference"],
            issued_on=data["issued_on"],
            doc_type=data["doc_type"],
            urgency=data["urgency"],
            secrecy=data["secrecy"],
            instruction=data["instruction"],
            deadline=data["deadline"],
            deadline_working_days=data["deadline_working_days"],
        )


class OutgoingForm(WorkForm):
    """What the clerk enters for an issued document (văn bản đi) and the parts of its notation.

    ``notation`` is never typed: it only carries the errors about the notation
    as a whole, shown under the preview.
    """

    error_fields = {"year": "issued_on", "number": "register"}

    register = forms.ModelChoiceField(
        label=_("Sổ văn bản đi"), queryset=Register.objects.none(), empty_label=None
    )
    unit = UnitChoiceField(
        label=_("Đơn vị soạn thảo"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("(Đơn vị giữ sổ)"),
    )
    issued_on = _date(_("Ngày ban hành"), required=True, initial=timezone.localdate)
    document_type = forms.ChoiceField(
        label=_("Loại văn bản"), choices=DOC_TYPE_CHOICES, required=False
    )
    issuer = forms.CharField(label=_("Cơ quan ban hành (viết tắt)"), max_length=32)
    drafting_unit = forms.CharField(
        label=_("Đơn vị soạn thảo (viết tắt)"), max_length=32, required=False
    )
    year_in_notation = forms.BooleanField(
        label=_("Ghi năm trong ký hiệu (văn bản quy phạm pháp luật)"), required=False
    )
    notation = forms.CharField(required=False, widget=forms.HiddenInput)
    abstract = _text(_("Trích yếu"), required=True)
    signer = forms.CharField(label=_("Người ký"), max_length=255)
    recipients = _text(_("Nơi nhận"), rows=2)
    reply_to = forms.ModelChoiceField(
        queryset=IncomingDocument.objects.none(), required=False, widget=forms.HiddenInput
    )
    attachments = _attachments_field()

    def __init__(
        self,
        *args: Any,
        registers: QuerySet[Register],
        units: QuerySet[Unit],
        incoming: QuerySet[IncomingDocument],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["register"].queryset = registers  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["reply_to"].queryset = incoming  # type: ignore[attr-defined]
        for name, example in (("issuer", "VPCP"), ("drafting_unit", "KGVX")):
            self.fields[name].widget.attrs.update(
                {"placeholder": example, "autocapitalize": "characters"}
            )

    def outgoing_data(self) -> OutgoingData:
        """The cleaned particulars as ``outgoing_register`` takes them (after ``is_valid``)."""
        data = self.cleaned_data
        return OutgoingData(
            issued_on=data["issued_on"],
            abstract=data["abstract"],
            signer=data["signer"],
            issuer=data["issuer"],
            document_type=data["document_type"] or None,
            drafting_unit=data["drafting_unit"],
            year_in_notation=data["year_in_notation"],
            recipients=data["recipients"],
            reply_to=data["reply_to"],
        )


class NotationPreviewForm(forms.Form):
    """The parts of an outgoing notation, read leniently for the live preview."""

    register = forms.IntegerField(required=False)
    issued_on = forms.DateField(required=False, input_formats=DATE_FORMATS)
    document_type = forms.ChoiceField(choices=DOC_TYPE_CHOICES, required=False)
    issuer = forms.CharField(max_length=32, required=False)
    drafting_unit = forms.CharField(max_length=32, required=False)
    year_in_notation = forms.BooleanField(required=False)


class TaskForm(WorkForm):
    """A task (nhiệm vụ) a leader gives to a unit of their scope."""

    unit = UnitChoiceField(label=_("Đơn vị giao"), queryset=Unit.objects.none(), empty_label=None)
    title = _text(_("Tên nhiệm vụ"), required=True, rows=2, max_length=500)
    expected_result = _text(_("Kết quả cần đạt"), rows=2)
    assigned_on = _date(_("Ngày giao"), required=True, initial=timezone.localdate)
    deadline = _date(_("Hạn hoàn thành (ngày)"))
    deadline_working_days = _working_days(_("hoặc số ngày làm việc"))
    source_document = forms.ModelChoiceField(
        queryset=IncomingDocument.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit],
        incoming: QuerySet[IncomingDocument],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["source_document"].queryset = incoming  # type: ignore[attr-defined]


# --- processing -----------------------------------------------------------------------------


class DeadlineMixin(forms.Form):
    """A deadline typed as a date or as N working days (the service refuses both at once)."""

    deadline = _date(_("Hạn xử lý (ngày)"))
    working_days = _working_days(_("hoặc số ngày làm việc"))

    def spec(self, *, unit: Unit | None = None, person: Person | None = None) -> HandlerSpec:
        """A handler with this form's deadline (after ``is_valid``)."""
        return HandlerSpec(
            unit=unit,
            person=person,
            deadline=self.cleaned_data.get("deadline"),
            working_days=self.cleaned_data.get("working_days"),
        )


class AssignForm(DeadlineMixin, WorkForm):
    """Give a document or task to a lead and co-handlers (units or people), with one deadline."""

    error_fields = {
        "lead": "lead_unit",
        "unit": "lead_unit",
        "person": "lead_person",
        "co_handlers": "co_units",
    }

    lead_unit = UnitChoiceField(
        label=_("Đơn vị chủ trì"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("(Không chọn)"),
    )
    lead_person = PersonChoiceField(
        label=_("Cá nhân chủ trì"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("(Không chọn)"),
    )
    co_units = UnitMultipleChoiceField(
        label=_("Đơn vị phối hợp"), queryset=Unit.objects.none(), required=False
    )
    co_people = PersonMultipleChoiceField(
        label=_("Cá nhân phối hợp"), queryset=Person.objects.none(), required=False
    )
    assigned_on = _date(_("Ngày giao"), initial=timezone.localdate)
    note = _text(_("Ý kiến chỉ đạo"), rows=2)

    field_order = [
        "lead_unit",
        "lead_person",
        "co_units",
        "co_people",
        "assigned_on",
        "deadline",
        "working_days",
        "note",
    ]

    def __init__(
        self, *args: Any, units: QuerySet[Unit], people: QuerySet[Person], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in ("lead_unit", "co_units"):
            self.fields[name].queryset = units  # type: ignore[attr-defined]
        for name in ("lead_person", "co_people"):
            self.fields[name].queryset = people  # type: ignore[attr-defined]
        for name in ("co_units", "co_people"):
            self.fields[name].widget.attrs["size"] = 4

    def lead(self) -> HandlerSpec | None:
        """The lead handler, or None when neither a unit nor a person is chosen."""
        unit, person = self.cleaned_data.get("lead_unit"), self.cleaned_data.get("lead_person")
        if unit is None and person is None:
            return None
        return self.spec(unit=unit, person=person)

    def co_handlers(self) -> list[HandlerSpec]:
        """The co-handlers, units first, each with the form's deadline."""
        units: Sequence[Unit] = self.cleaned_data.get("co_units") or []
        people: Sequence[Person] = self.cleaned_data.get("co_people") or []
        return [self.spec(unit=u) for u in units] + [self.spec(person=p) for p in people]


class ForwardForm(DeadlineMixin, WorkForm):
    """Pass a unit's part on to a specialist or a sub-unit, with an internal deadline."""

    person = PersonChoiceField(
        label=_("Chuyên viên xử lý"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("(Không chọn)"),
    )
    unit = UnitChoiceField(
        label=_("hoặc đơn vị cấp dưới"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("(Không chọn)"),
    )
    forwarded_on = _date(_("Ngày chuyển"), initial=timezone.localdate)
    note = _text(_("Ý kiến"), rows=2)

    field_order = ["person", "unit", "forwarded_on", "deadline", "working_days", "note"]

    def __init__(
        self, *args: Any, units: QuerySet[Unit], people: QuerySet[Person], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["deadline"].label = _("Hạn xử lý nội bộ (ngày)")

    def target(self) -> HandlerSpec:
        """Who receives the part, with the internal deadline (after ``is_valid``)."""
        return self.spec(unit=self.cleaned_data.get("unit"), person=self.cleaned_data.get("person"))


class CompleteForm(WorkForm):
    """Report a part completed, on a day (today by default), with its result."""

    completed_on = _date(_("Ngày hoàn thành"), required=True, initial=timezone.localdate)
    result = _text(_("Kết quả xử lý"), rows=3)


class ExtensionRequestForm(WorkForm):
    """Ask to move a deadline, with a reason."""

    requested_deadline = _date(_("Đề nghị gia hạn đến ngày"), required=True)
    reason = _text(_("Lý do"), required=True)


APPROVE, REFUSE = "approve", "refuse"


class ExtensionDecideForm(WorkForm):
    """Approve or refuse a pending extension request."""

    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[(APPROVE, _("Đồng ý gia hạn")), (REFUSE, _("Không đồng ý"))],
        widget=forms.RadioSelect,
        initial=APPROVE,
    )
    note = _text(_("Ý kiến"), rows=2)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].widget.attrs["class"] = "form-check-input"

    @property
    def approve(self) -> bool:
        """Whether the decision is to approve (after ``is_valid``)."""
        return self.cleaned_data["decision"] == APPROVE


class ReturnForm(WorkForm):
    """Return a completed part for rework, with a reason."""

    reason = _text(_("Lý do trả lại"), required=True)


# --- list filters ---------------------------------------------------------------------------


class ListFilterForm(forms.Form):
    """Search and filters of a list page (GET); invalid values are ignored."""

    search = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)
    register = forms.ModelChoiceField(
        label=_("Sổ"),
        queryset=Register.objects.none(),
        required=False,
        empty_label=_("Tất cả sổ"),
    )
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2099)
    unit = UnitChoiceField(
        label=_("Đơn vị (cả đơn vị cấp dưới)"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Tất cả đơn vị"),
    )

    def __init__(
        self,
        *args: Any,
        registers: QuerySet[Register] | None,
        units: QuerySet[Unit] | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if registers is None:
            del self.fields["register"]
        else:
            self.fields["register"].queryset = registers  # type: ignore[attr-defined]
        if units is None:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["search"].widget.attrs.update({"type": "search", "autocomplete": "off"})
        self.fields["year"].widget.attrs["inputmode"] = "numeric"
        bootstrap_form(self, small=True)

    def filters(self) -> dict[str, Any]:
        """The valid filters as selector keyword arguments (empty and invalid ones left out)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: v for name, v in self.cleaned_data.items() if v not in (None, "")}
