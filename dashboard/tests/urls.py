"""The project's URLs plus stand-ins for other branches' pages, so link tests see real URLs."""

from django.http import HttpResponse
from django.urls import include, path

from quickwin.urls import urlpatterns as project_urls


def stub(request, *args, **kwargs):
    return HttpResponse("stub")


initiatives_stubs = (
    [path("list/", stub, name="list"), path("<int:pk>/", stub, name="detail")],
    "initiatives",
)
monitoring_stubs = ([path("board/", stub, name="board")], "monitoring")
evaluations_stubs = ([path("board/", stub, name="board")], "evaluations")

urlpatterns = [
    *project_urls,
    path("stub-initiatives/", include(initiatives_stubs)),
    path("stub-monitoring/", include(monitoring_stubs)),
    path("stub-evaluations/", include(evaluations_stubs)),
]
