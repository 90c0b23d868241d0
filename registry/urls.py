from django.urls import path

from registry.views import public

app_name = "registry"
urlpatterns = [
    path("", public.home, name="home"),
]
