"""Sign-in, sign-out, password change and the interface language."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.core.actor import Actor
from thidua.organization.forms import LoginForm, PasswordForm
from thidua.organization.services import accounts, sessions

LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60


class LoginView(auth_views.LoginView):
    """The sign-in page; a successful sign-in is recorded in the audit trail."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        sessions.session_login_record(actor=Actor.from_request(self.request))
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        username = str(form.data.get("username", "")).strip()
        if username:
            sessions.session_login_failed_record(
                actor=Actor.from_request(self.request), username=username
            )
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    """Sign out (POST only); recorded before the session ends, while the user is known."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            sessions.session_logout_record(actor=Actor.from_request(request))
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password; the change (never the password) is recorded."""

    template_name = "accounts/password_change.html"
    form_class = PasswordForm
    success_url = reverse_lazy("home")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        accounts.password_changed_record(
            actor=Actor.from_request(self.request),
            user=self.request.user,  # type: ignore[arg-type]
        )
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return response


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.headers.get("referer") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language: saved for the user, and in a cookie for the sign-in page."""
    language = request.POST.get("language", "")
    if language not in {code for code, _name in settings.LANGUAGES}:
        return HttpResponseBadRequest(_("Ngôn ngữ không hỗ trợ."))
    if request.user.is_authenticated:
        accounts.user_language_set(
            actor=Actor.from_request(request),
            user=request.user,  # type: ignore[arg-type]
            language=language,
        )
    response = HttpResponseRedirect(_safe_next(request))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response
