"""A person's own profile in the workspace (/my/profile/): their ORCID iD.
(Sign-in with ORCID, when configured, is allauth's and unchanged.)"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from registry.forms import ProfileForm
from registry.views.workspace import form_arguments


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """Add, change or remove one's ORCID iD (stored as https://orcid.org/…)."""
    form = ProfileForm(*form_arguments(request), instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("coordinator:profile")
    return render(request, "registry/my/profile.html", {"form": form})
