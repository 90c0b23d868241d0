from django.contrib import admin
from django.urls import include, path

from registry import media
from registry.views.language import language_choose

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("language/<str:code>/", language_choose, name="language_choose"),
    path("my/", include("registry.urls.coordinator")),
    # Uploaded logos on the app's own disk, with DEBUG on or off (404 with object storage).
    path("media/<path:path>", media.serve, name="media"),
    path("api/", include("registry.api.urls")),
    path("", include("registry.urls.public")),
]

# Under /api/ both answer with problem details (JSON); elsewhere with the site's pages.
handler404 = "registry.api.errors.page_not_found"
handler500 = "registry.api.errors.server_error"
