from django.shortcuts import render


def home(request):
    """The front page."""
    return render(request, "registry/home.html")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
