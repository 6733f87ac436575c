from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.forms import LoginForm
from core import views as core_views
from dashboard import views as dashboard_views

urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("akun/", include("accounts.urls")),
    path("notifikasi/", include(("reminders.urls", "reminders"))),
    path("reviu/", include(("evaluations.urls", "evaluations"))),
    path("monitoring/", include(("monitoring.urls", "monitoring"))),
    path("quick-win/", include(("initiatives.urls", "initiatives"))),
    path("dasbor/", include(("dashboard.urls", "dashboard"))),
    path("admin/", admin.site.urls),
]
