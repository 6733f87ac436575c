from django.urls import path

from . import views

urlpatterns = [
    path("", views.my_reviews, name="my_reviews"),
    path("tugas/<int:pk>/", views.review, name="review"),
    path("papan/", views.board, name="board"),
    path("papan/<int:round_pk>/", views.board, name="board"),
    path("papan/<int:round_pk>/bagi-rata/", views.distribute, name="distribute"),
    path("papan/<int:round_pk>/ekspor.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("papan/<int:round_pk>/ekspor.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("periode/<int:round_pk>/rubrik/", views.rubric, name="rubric"),
    path("quickwin/<int:pk>/penugasan/", views.assign, name="assign"),
    path("quickwin/<int:pk>/keputusan/", views.decide, name="decide"),
]
