from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from registry.views.language import language_choose

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("language/<str:code>/", language_choose, name="language_choose"),
    path("my/", include("registry.urls.coordinator")),
    path("", include("registry.urls.public")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "registry.views.public.page_not_found"
handler500 = "registry.views.public.server_error"
