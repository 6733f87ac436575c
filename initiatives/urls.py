from django.urls import path

from . import views

urlpatterns = [
    path("", views.all_list, name="list"),
    path("tugas-saya/", views.todo, name="todo"),
    path("milik-kami/", views.agency_list, name="mine"),
    path("perangkat-daerah/", views.agency_search, name="agency_search"),
    path("baru/", views.initiative_create, name="create"),
    path("<int:pk>/", views.initiative_detail, name="detail"),
    path("<int:pk>/ubah/", views.initiative_edit, name="edit"),
    path("<int:pk>/aksi/<slug:action>/", views.initiative_action, name="action"),
    path("<int:pk>/komentar/", views.comment_create, name="comment"),
    path("<int:pk>/data-dukung/", views.evidence_upload, name="evidence_upload"),
    path(
        "<int:pk>/data-dukung/<int:evidence_pk>/",
        views.evidence_download,
        name="evidence_download",
    ),
    path(
        "<int:pk>/data-dukung/<int:evidence_pk>/hapus/",
        views.evidence_delete,
        name="evidence_delete",
    ),
    path("periode/", views.round_list, name="round_list"),
    path("periode/baru/", views.round_form, name="round_create"),
    path("periode/<int:pk>/ubah/", views.round_form, name="round_edit"),
]
