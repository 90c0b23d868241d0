"""/api/: the public JSON API, version 1 at /api/v1/ (namespace ``api``).

Each list endpoint is ``api:<name>-list`` and, where its objects have slugs,
``api:<name>-detail``; any other address under /api/ is a 404 problem.
"""

from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from registry.api import views
from registry.api.errors import not_found

app_name = "api"

router = SimpleRouter()
router.register("communities", views.CommunityViewSet, basename="communities")
for name, viewset in views.LISTS.items():
    if name != "communities":
        router.register(name, viewset, basename=name)
for name, viewset in views.VOCABULARIES.items():
    router.register(name, viewset, basename=name)

v1 = [
    path("", views.ApiRootView.as_view(), name="root"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(), name="docs"),
    *router.urls,
]

urlpatterns = [
    path("", views.api_home, name="home"),
    path("v1/", include(v1)),
    re_path(r"^(?P<rest>.*)$", not_found, name="not_found"),
]
