from django.urls import path

from . import views

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/baca/", views.mark_read, name="read"),
    path("baca-semua/", views.mark_all_read, name="read_all"),
    path("pengaturan/", views.preferences, name="settings"),
    path("log-pengiriman/", views.delivery_log, name="delivery_log"),
]
