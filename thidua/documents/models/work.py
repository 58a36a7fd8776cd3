"""Registers, incoming and outgoing documents, tasks, and who handles them by when.

The measured unit of work is the ``Assignment``: one handler's part (lead or
co-handler, a unit or a specialist) of an incoming document or a task, with its
deadline. Its completion date, deadline and original deadline are what the
four-bucket figures count; ``Step`` rows keep the trace of every action and
``Extension`` rows the requests to move a deadline.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thidua.core.models import TimeStampedModel


class RegisterKind(models.TextChoices):
    INCOMING = "incoming", _("Sổ văn bản đến")
    OUTGOING = "outgoing", _("Sổ văn bản đi")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Thường")
    URGENT = "urgent", _("Khẩn")
    VERY_URGENT = "very_urgent", _("Thượng khẩn")
    EXPRESS = "express", _("Hỏa tốc")


class Secrecy(models.TextChoices):
    NORMAL = "normal", _("Thường")
    CONFIDENTIAL = "confidential", _("Mật")
    SECRET = "secret", _("Tối mật")
    TOP_SECRET = "top_secret", _("Tuyệt mật")


class Register(TimeStampedModel):
    """A numbered register (sổ văn bản) of incoming or outgoing documents, kept by a unit.

    Numbers restart at 1 on 1 January of each year, per register.
    """

    code = models.CharField(_("mã sổ"), max_length=32, unique=True)
    name = models.CharField(_("tên sổ"), max_length=200)
    kind = models.CharField(_("loại sổ"), max_length=10, choices=RegisterKind.choices)
    unit = models.ForeignKey(
        to="organization.Unit",
        on_delete=models.PROTECT,
        related_name="registers",
        verbose_name=_("đơn vị giữ sổ"),
    )
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("sổ văn bản")
        verbose_name_plural = pgettext_lazy("plural", "sổ văn bản")
        ordering = ("code",)

    def __str__(self) -> str:
        return self.name


class IncomingDocument(TimeStampedModel):
    """An incoming document (văn bản đến) as the clerk registers it.

    Indexes are kept to what the pages and figures read (a register of
    100,000 rows is imported at once): the register's documents through the
    unique (register, year, number), no index on ``created_at``.
    """

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    register = models.ForeignKey(
        to="documents.Register", on_delete=models.PROTECT, related_name="incoming", db_index=False
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số đến"))
    received_on = models.DateField(_("ngày đến"), db_index=True)
    sender = models.CharField(_("cơ quan gửi"), max_length=255)
    sender_reference = models.CharField(_("số, ký hiệu"), max_length=64, blank=True)
    issued_on = models.DateField(_("ngày văn bản"), null=True, blank=True)
    doc_type = models.CharField(_("loại văn bản"), max_length=16, blank=True)
    abstract = models.TextField(_("trích yếu"))
    urgency = models.CharField(
        _("độ khẩn"), max_length=12, choices=Urgency.choices, default=Urgency.NORMAL
    )
    secrecy = models.CharField(
        _("độ mật"), max_length=12, choices=Secrecy.choices, default=Secrecy.NORMAL
    )
    instruction = models.TextField(_("ý kiến chỉ đạo"), blank=True)
    deadline = models.DateField(_("hạn xử lý"), null=True, blank=True)
    unit = models.ForeignKey(
        to="organization.Unit",
        on_delete=models.PROTECT,
        related_name="incoming_documents",
        verbose_name=_("đơn vị nhận"),
    )
    exchange_id = models.CharField(_("mã văn bản liên thông"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("văn bản đến")
        verbose_name_plural = pgettext_lazy("plural", "văn bản đến")
        ordering = ("-received_on", "-number")
        constraints = [
            models.UniqueConstraint(
                fields=["register", "year", "number"],
                name="%(app_label)s_%(class)s_unique_number",
                violation_error_message=_("Số đến đã được dùng trong sổ này năm nay."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}/{self.year} – {self.abstract[:80]}"


class OutgoingDocument(TimeStampedModel):
    """An issued document (văn bản đi), numbered from 01 each year per register (Decree 30)."""

    register = models.ForeignKey(
        to="documents.Register", on_delete=models.PROTECT, related_name="outgoing"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"))
    notation = models.CharField(_("ký hiệu"), max_length=64)
    issued_on = models.DateField(_("ngày ban hành"), db_index=True)
    doc_type = models.CharField(_("loại văn bản"), max_length=16, blank=True)
    abstract = models.TextField(_("trích yếu"))
    signer = models.CharField(_("người ký"), max_length=255)
    recipients = models.TextField(_("nơi nhận"), blank=True)
    reply_to = models.ForeignKey(
        to="documents.IncomingDocument",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("trả lời văn bản đến"),
    )
    unit = models.ForeignKey(
        to="organization.Unit",
        on_delete=models.PROTECT,
        related_name="outgoing_documents",
        verbose_name=_("đơn vị soạn thảo"),
    )

    class Meta:
        verbose_name = _("văn bản đi")
        verbose_name_plural = pgettext_lazy("plural", "văn bản đi")
        ordering = ("-issued_on", "-number")
        constraints = [
            models.UniqueConstraint(
                fields=["register", "year", "number"],
                name="%(app_label)s_%(class)s_unique_number",
                violation_error_message=_("Số văn bản đã được dùng trong sổ này năm nay."),
            )
        ]
        indexes = [
            # the documents a unit's subtree issued in a period (the dashboard's "issued")
            models.Index(fields=["unit", "issued_on"], name="documents_out_unit_issued"),
        ]

    def __str__(self) -> str:
        return f"{self.number:02d}/{self.notation}"


class Task(TimeStampedModel):
    """A task (nhiệm vụ) assigned by a leader, possibly arising from an incoming document."""

    title = models.CharField(_("tên nhiệm vụ"), max_length=500)
    expected_result = models.TextField(_("kết quả cần đạt"), blank=True)
    source_document = models.ForeignKey(
        to="documents.IncomingDocument",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("văn bản nguồn"),
    )
    assigned_on = models.DateField(_("ngày giao"), db_index=True)
    deadline = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    unit = models.ForeignKey(
        to="organization.Unit",
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name=_("đơn vị giao"),
    )
    assigned_by = models.ForeignKey(
        to=settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="tasks_given",
        verbose_name=_("người giao"),
    )

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = pgettext_lazy("plural", "nhiệm vụ")
        ordering = ("-assigned_on",)

    def __str__(self) -> str:
        return self.title


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    SUPPORT = "support", _("Phối hợp")


class Assignment(TimeStampedModel):
    """One handler's part of a document or a task, with its deadline: the measured unit of work.

    A unit's part may be passed on to a specialist (``parent``) with an
    internal deadline no later than its own. ``original_deadline`` stays as
    first set; ``deadline`` moves only with an approved extension. The
    working-day counts are filled in at completion, so figures over a year are
    plain aggregates.

    Indexes are kept to what the pages, the figures and the reminders read, as
    every one is paid on each of the rows a register import writes: the unit's
    and the person's through the composite indexes that start with them, the
    optional task and parent only where set, the deadline only of open parts
    (the reminders and the lists of open work), none on the assigner or on
    ``created_at``.
    """

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    document = models.ForeignKey(
        to="documents.IncomingDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
    )
    task = models.ForeignKey(
        to="documents.Task",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        db_index=False,
    )
    parent = models.ForeignKey(
        to="self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
        related_name="children",
        verbose_name=_("giao lại từ"),
    )
    role = models.CharField(_("vai trò xử lý"), max_length=8, choices=AssignmentRole.choices)
    unit = models.ForeignKey(
        to="organization.Unit",
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("đơn vị xử lý"),
        db_index=False,
    )
    person = models.ForeignKey(
        to="organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("chuyên viên xử lý"),
        db_index=False,
    )
    assigned_on = models.DateField(_("ngày giao"), db_index=True)
    assigned_by = models.ForeignKey(
        to=settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assignments_given",
        verbose_name=_("người giao"),
        db_index=False,
    )
    original_deadline = models.DateField(_("hạn ban đầu"), null=True, blank=True)
    deadline = models.DateField(_("hạn xử lý"), null=True, blank=True)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    result = models.TextField(_("kết quả xử lý"), blank=True)
    processing_days = models.IntegerField(_("số ngày làm việc xử lý"), null=True, blank=True)
    late_days = models.IntegerField(_("số ngày làm việc chậm"), null=True, blank=True)
    late_days_original = models.IntegerField(
        _("số ngày làm việc chậm so với hạn ban đầu"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("phân công xử lý")
        verbose_name_plural = pgettext_lazy("plural", "phân công xử lý")
        ordering = ("deadline", "pk")
        constraints = [
            models.CheckConstraint(
                condition=(Q(document__isnull=False) & Q(task__isnull=True))
                | (Q(document__isnull=True) & Q(task__isnull=False)),
                name="%(app_label)s_%(class)s_document_or_task",
            ),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(original_deadline__isnull=False),
                name="%(app_label)s_%(class)s_original_deadline_kept",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "assigned_on"], name="documents_asg_unit_assigned"),
            models.Index(fields=["person", "assigned_on"], name="documents_asg_person_assigned"),
            models.Index(fields=["unit", "completed_on"], name="documents_asg_unit_completed"),
            models.Index(
                fields=["deadline"],
                condition=Q(completed_on__isnull=True),
                name="documents_asg_open_deadline",
            ),
            models.Index(
                fields=["task"], condition=Q(task__isnull=False), name="documents_asg_task"
            ),
            models.Index(
                fields=["parent"], condition=Q(parent__isnull=False), name="documents_asg_parent"
            ),
        ]

    def __str__(self) -> str:
        subject = self.document or self.task
        return f"{self.get_role_display()}: {self.person or self.unit} – {subject}"


class StepKind(models.TextChoices):
    """What a step of the trace records: something done, so English says it in the past.

    The same Vietnamese words name the actions on the buttons ("Trả lại":
    Return, "Hoàn thành": Complete), hence the context.
    """

    RECEIVED = "received", pgettext_lazy("work step", "Tiếp nhận")
    ASSIGNED = "assigned", pgettext_lazy("work step", "Giao xử lý")
    FORWARDED = "forwarded", pgettext_lazy("work step", "Chuyển chuyên viên")
    RETURNED = "returned", pgettext_lazy("work step", "Trả lại")
    EXTENSION_REQUESTED = "extension_requested", pgettext_lazy("work step", "Đề nghị gia hạn")
    EXTENDED = "extended", pgettext_lazy("work step", "Gia hạn")
    EXTENSION_REFUSED = "extension_refused", pgettext_lazy("work step", "Từ chối gia hạn")
    COMPLETED = "completed", pgettext_lazy("work step", "Hoàn thành")


class Step(models.Model):
    """One step of the trace of a document or task: who did what, when.

    A register imported in bulk writes no steps: what its rows record (received,
    assigned, completed on such a day) is read back as steps made on the fly by
    ``selectors.trace``, unsaved, with no actor (``from_register``).
    """

    document = models.ForeignKey(
        to="documents.IncomingDocument",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="steps",
    )
    task = models.ForeignKey(
        to="documents.Task", on_delete=models.CASCADE, null=True, blank=True, related_name="steps"
    )
    assignment = models.ForeignKey(
        to="documents.Assignment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="steps",
    )
    kind = models.CharField(_("bước"), max_length=20, choices=StepKind.choices)
    at = models.DateTimeField(_("thời điểm"))
    on = models.DateField(_("ngày"))
    actor = models.ForeignKey(
        to=settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = pgettext_lazy("plural", "bước xử lý")
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on:%d/%m/%Y}"

    @property
    def from_register(self) -> bool:
        """A step read from an imported register's row rather than done in the app."""
        return self.pk is None and self.actor_id is None

    @property
    def actor_label(self) -> str:
        """Who did it, as the trace shows it (for a register's row: that it comes from one)."""
        if self.from_register:
            return str(_("theo sổ đã nhập"))
        return str(self.actor)


class ExtensionStatus(models.TextChoices):
    """Where an extension request stands (a state, not the approve/refuse action)."""

    PENDING = "pending", pgettext_lazy("extension status", "Chờ duyệt")
    APPROVED = "approved", pgettext_lazy("extension status", "Đã duyệt")
    REFUSED = "refused", pgettext_lazy("extension status", "Từ chối")


class Extension(TimeStampedModel):
    """A request to move an assignment's deadline (gia hạn), decided by the assigner."""

    assignment = models.ForeignKey(
        to="documents.Assignment", on_delete=models.CASCADE, related_name="extensions"
    )
    requested_by = models.ForeignKey(
        to=settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("lý do"))
    requested_deadline = models.DateField(_("hạn đề nghị"))
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        to=settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("thời điểm duyệt"), null=True, blank=True)
    decision_note = models.TextField(_("ý kiến"), blank=True)

    class Meta:
        verbose_name = _("gia hạn")
        verbose_name_plural = pgettext_lazy("plural", "gia hạn")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.assignment_id} → {self.requested_deadline:%d/%m/%Y} ({self.status})"


class Attachment(TimeStampedModel):
    """A file attached to an incoming or an outgoing document."""

    incoming = models.ForeignKey(
        to="documents.IncomingDocument",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    outgoing = models.ForeignKey(
        to="documents.OutgoingDocument",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(_("tệp"), upload_to="documents/%Y/%m/")
    name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("kiểu tệp"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("dung lượng"), default=0)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = pgettext_lazy("plural", "tệp đính kèm")
        constraints = [
            models.CheckConstraint(
                condition=(Q(incoming__isnull=False) & Q(outgoing__isnull=True))
                | (Q(incoming__isnull=True) & Q(outgoing__isnull=False)),
                name="%(app_label)s_%(class)s_one_document",
            )
        ]

    def __str__(self) -> str:
        return self.name
