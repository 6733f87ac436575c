"""Achievement evaluation URLs, included under "achievement/" (namespace "achievement")."""

from django.urls import path

from . import achievement_views as views

urlpatterns = [
    path("quick-win/<int:pk>/", views.evaluate, name="evaluate"),
    path("quick-win/<int:pk>/kembalikan/", views.send_back, name="send_back"),
]
