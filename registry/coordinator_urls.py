from django.urls import path

from registry.views import coordinator

app_name = "coordinator"
urlpatterns = [
    path("", coordinator.dashboard, name="dashboard"),
]
