from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("ruang-kendali/", views.control_room, name="control_room"),
    path("perangkat-daerah/<int:pk>/", views.agency, name="agency"),
    path("unduh/xlsx/", views.export_xlsx, name="export_xlsx"),
    path("cetak/", views.briefing, name="briefing"),
    path("unduh/pdf/", views.briefing_pdf, name="briefing_pdf"),
    path("audit/", views.audit_trail, name="audit"),
]
