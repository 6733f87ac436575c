"""URLs of implementation monitoring, included under "monitoring/" (namespace "monitoring")."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.board_current, name="board_current"),
    path("periode/<int:round_pk>/", views.board, name="board"),
    path("periode/<int:round_pk>/impor/", views.import_upload, name="import"),
    path("periode/<int:round_pk>/impor/templat/", views.import_template, name="import_template"),
    path("periode/<int:round_pk>/impor/simpan/", views.import_confirm, name="import_confirm"),
    path("quick-win/<int:pk>/", views.initiative_monitoring, name="initiative"),
    path("quick-win/<int:pk>/laporan/baru/", views.report_new, name="report_new"),
    path("quick-win/<int:pk>/selesai/", views.completion, name="completion"),
    path("quick-win/<int:pk>/batalkan/", views.cancel, name="cancel"),
    path("quick-win/<int:pk>/capaian/", views.achievement_evaluate, name="achievement_evaluate"),
    path(
        "quick-win/<int:pk>/capaian/kembalikan/",
        views.completion_send_back,
        name="completion_send_back",
    ),
    path("tahapan/<int:pk>/selesai/", views.milestone_done, name="milestone_done"),
    path("tahapan/<int:pk>/verifikasi/", views.milestone_verify, name="milestone_verify"),
    path("tahapan/<int:pk>/kembalikan/", views.milestone_send_back, name="milestone_send_back"),
    path("laporan/<int:pk>/ubah/", views.report_edit, name="report_edit"),
    path("laporan/<int:pk>/dibaca/", views.report_read, name="report_read"),
]
