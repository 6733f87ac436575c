"""Project URLs plus a stand-in for `initiatives:detail` while that view lives on another branch."""

from django.http import HttpResponse
from django.urls import include, path

from quickwin.urls import urlpatterns as project_urlpatterns


def _detail_stub(request, pk):
    return HttpResponse(f"quick win {pk}")


urlpatterns = [
    *project_urlpatterns,
    path(
        "quickwin-stub/",
        include(([path("<int:pk>/", _detail_stub, name="detail")], "initiatives")),
    ),
]
