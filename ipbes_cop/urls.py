from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("my/", include("registry.urls.coordinator")),
    path("api/", include("registry.api.urls")),
    path("", include("registry.urls.public")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Under /api/ both answer with problem details (JSON); elsewhere with the site's pages.
handler404 = "registry.api.errors.page_not_found"
handler500 = "registry.api.errors.server_error"
