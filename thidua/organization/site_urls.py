"""Site-wide pages without a namespace: home, sign-in/out, password and language.

Included from ``config/urls.py`` at the root. They live in the organisation app
because they need accounts, roles and their audit services.
"""

from django.urls import URLPattern, path

from thidua.organization import account_views, home

urlpatterns: list[URLPattern] = [
    path("", home.home, name="home"),
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", account_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path("language/", account_views.set_language, name="set-language"),
]
