"""In-app reminders (đôn đốc): what the daily chasing run told each account, and when.

A ``Notification`` is one line of a reminder: one assignment, for one
recipient, of one kind, on one day. The unique constraint on those four is
what makes the run idempotent: running it twice on the same day creates (and
emails) nothing the second time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel


class NotificationKind(models.TextChoices):
    """Why a recipient is told about an assignment."""

    DUE_SOON = "due_soon", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn")
    OVERDUE_IN_SUBTREE = "overdue_in_subtree", _("Quá hạn trong đơn vị")


class Notification(TimeStampedModel):
    """One reminder about one assignment, for one account, as of one day.

    ``title`` and ``body`` are written in the recipient's language when the
    reminder is created. ``emailed_at`` is set once the day's digest email
    that lists it was handed to the mail server; ``read_at`` when the
    recipient marks it read.
    """

    recipient = models.ForeignKey(
        to=settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("người nhận"),
    )
    kind = models.CharField(_("loại nhắc việc"), max_length=20, choices=NotificationKind.choices)
    assignment = models.ForeignKey(
        to="documents.Assignment",
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("phân công xử lý"),
    )
    for_date = models.DateField(_("nhắc ngày"))
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("đã gửi thư lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo nhắc việc")
        verbose_name_plural = _("thông báo nhắc việc")
        ordering = ("-for_date", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "assignment", "kind", "for_date"],
                name="%(app_label)s_%(class)s_once_a_day",
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="documents_ntf_recipient_read"),
            models.Index(fields=["for_date"], name="documents_ntf_for_date"),
        ]

    def __str__(self) -> str:
        return f"{self.for_date:%d/%m/%Y} {self.title}"

    @property
    def is_read(self) -> bool:
        """Whether the recipient has marked it read."""
        return self.read_at is not None
