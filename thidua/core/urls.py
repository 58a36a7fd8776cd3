from django.urls import path

from thidua.core import views

urlpatterns = [
    path("", views.home, name="home"),
]
