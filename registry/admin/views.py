"""Custom admin pages of the moderation and recognition workflows.

Thin views: check the right (``registry.permissions``), parse a form, call a
service, report with ``messages``. Pages render inside the admin's layout; data
changes only by POST (with CSRF, as the admin site requires).
"""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registry import permissions, services
from registry.admin.forms import DecisionForm, ReasonForm
from registry.models import (
    Community,
    Contribution,
    ImpactExample,
    Recognition,
    Recommendation,
    ReviewRound,
    TransitionLog,
)
from registry.services import transitions

# --- Helpers ----------------------------------------------------------------------


def _admin_context(request, model_admin, title, obj=None):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        "original": obj,
    }


def community_being_recommended(request):
    """The community named by the request's ``community`` parameter, if the user may
    recommend it now or is drafting a recommendation of it; otherwise None."""
    pk = request.GET.get("community", "")
    if not (pk.isdigit() and permissions.can_recommend(request.user)):
        return None
    community = Community.objects.filter(pk=int(pk)).first()
    if community is None:
        return None
    if transitions.may(request.user, community, "recommend"):
        return community
    drafts = community.recommendations.filter(recommended_by=request.user)
    if any(transitions.may(request.user, draft, "edit") for draft in drafts):
        return community
    return None


def supporting_contribution_choices(request, queryset):
    """Narrow the autocomplete of supporting contributions to the published contributions
    of the community the request names (``?community=<pk>``, checked by
    ``community_being_recommended``); none without one. A convenience: the form and the
    service check again."""
    community = community_being_recommended(request)
    if community is None:
        return queryset.none()
    return queryset.filter(community=community).published()


# --- Moderation -------------------------------------------------------------------


def community_return(request, object_id, model_admin):
    """The Secretariat returns a submitted community to its coordinators, with a reason."""
    if not permissions.can_moderate_community(request.user):
        raise PermissionDenied
    community = get_object_or_404(Community, pk=object_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.community_return(
                community=community, user=request.user, reason=form.cleaned_data["reason"]
            )
        except services.TransitionNotAllowed as error:
            messages.error(request, str(error))
            return redirect("admin:registry_community_change", community.pk)
        messages.success(
            request,
            _("“%(name)s” was returned to its coordinators.") % {"name": community.name},
        )
        return redirect(reverse("admin:registry_community_changelist") + "?queue=awaiting")
    context = {
        **_admin_context(
            request, model_admin, _("Return “%(name)s”") % {"name": community.name}, community
        ),
        "community": community,
        "form": form,
        "refusal": transitions.refusal(request.user, community, "return"),
    }
    return render(request, "admin/registry/community/return.html", context)


# --- Review rounds ----------------------------------------------------------------


def _round_recommendations(review_round):
    return (
        review_round.recommendations.select_related(
            "community", "task_force", "recommended_by", "decided_by"
        )
        .prefetch_related(
            "community__topics",
            "community__functions",
            "community__regions",
            "supporting_contributions",
            Prefetch(
                "community__contributions",
                queryset=Contribution.objects.select_related("activity_type").order_by(
                    "-start_date"
                ),
            ),
            Prefetch(
                "transitions",
                queryset=TransitionLog.objects.filter(to_status=Recommendation.Status.DEFERRED)
                .select_related("actor")
                .order_by("at"),
                to_attr="deferrals",
            ),
            Prefetch(
                "community__impact_examples",
                queryset=ImpactExample.objects.select_related(
                    "impact_type", "impact_scale"
                ).prefetch_related("deliverables"),
            ),
        )
        .order_by("community__name")
    )


def _review_entries(review_round):
    entries = []
    for recommendation in _round_recommendations(review_round):
        supporting = {c.pk for c in recommendation.supporting_contributions.all()}
        entries.append(
            {
                "recommendation": recommendation,
                "contributions": [
                    (c, c.pk in supporting) for c in recommendation.community.contributions.all()
                ],
                "supporting": [
                    c for c in recommendation.community.contributions.all() if c.pk in supporting
                ],
            }
        )
    return entries


def _render_review(request, model_admin, review_round, failed_form=None, failed_for=""):
    entries = _review_entries(review_round)
    for entry in entries:
        # Every decision starts from the same statuses, with the same deciders.
        entry["decidable"] = transitions.may(request.user, entry["recommendation"], "endorse")
    context = {
        **_admin_context(
            request,
            model_admin,
            _("Review: %(round)s") % {"round": review_round.title},
            review_round,
        ),
        "review_round": review_round,
        "entries": entries,
        "decidable": [e for e in entries if e["decidable"]],
        "undecided": [
            e for e in entries if e["recommendation"].status == Recommendation.Status.SUBMITTED
        ],
        "choices": DecisionForm.CHOICES,
        "failed_form": failed_form,
        "failed_for": failed_for,
    }
    return render(
        request,
        "admin/registry/reviewround/review.html",
        context,
        status=400 if failed_form is not None else 200,
    )


def round_review(request, object_id, model_admin):
    """A round's recommendations with their evidence, and the Bureau's decision forms."""
    if not permissions.can_review(request.user):
        raise PermissionDenied
    review_round = get_object_or_404(ReviewRound, pk=object_id)
    return _render_review(request, model_admin, review_round)


@require_POST
def round_decide(request, object_id, model_admin):
    """A Bureau member decides one or several recommendations with one note."""
    if not permissions.can_decide(request.user):
        raise PermissionDenied
    review_round = get_object_or_404(ReviewRound, pk=object_id)
    form = DecisionForm(request.POST, review_round=review_round)
    if not form.is_valid():
        return _render_review(
            request, model_admin, review_round, form, request.POST.get("form_for", "")
        )
    decided = []
    for recommendation in form.cleaned_data["recommendations"]:
        try:
            services.recommendation_decide(
                recommendation=recommendation,
                user=request.user,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
            )
        except services.TransitionNotAllowed as error:
            messages.error(request, f"{recommendation.community}: {error}")
        else:
            decided.append(recommendation.community.name)
    if decided:
        messages.success(
            request,
            _("Decision recorded for: %(names)s.") % {"names": ", ".join(decided)},
        )
    return redirect("admin:registry_reviewround_review", review_round.pk)


def round_dossier(request, object_id, model_admin):
    """A printable page of a round's recommendations and their evidence."""
    if not permissions.can_review(request.user):
        raise PermissionDenied
    review_round = get_object_or_404(ReviewRound, pk=object_id)
    context = {
        **_admin_context(
            request,
            model_admin,
            _("Dossier: %(round)s") % {"round": review_round.title},
            review_round,
        ),
        "review_round": review_round,
        "entries": _review_entries(review_round),
    }
    return render(request, "admin/registry/reviewround/dossier.html", context)


def _cell(value):
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _dated(items, date_of):
    return "; ".join(
        " ".join(
            part
            for part in (
                f"{item.title} ({date_of(item)})",
                getattr(item, "evidence_url", ""),
            )
            if part
        )
        for item in items
    )


def round_dossier_csv(request, object_id, model_admin):
    """The dossier as CSV: one row per recommendation."""
    if not permissions.can_review(request.user):
        raise PermissionDenied
    review_round = get_object_or_404(ReviewRound, pk=object_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="review-round-{review_round.pk}-dossier.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(
        [
            _("round"),
            _("community"),
            _("community page"),
            _("task force"),
            _("recommended by"),
            _("submitted at"),
            _("rationale"),
            _("declaration of conflict of interest"),
            _("supporting contributions"),
            _("examples of IPBES impact"),
            _("status"),
            _("decision note"),
            _("decided by"),
            _("decided at"),
        ]
    )
    site = request.build_absolute_uri("/").rstrip("/")
    for entry in _review_entries(review_round):
        recommendation = entry["recommendation"]
        community = recommendation.community
        writer.writerow(
            _cell(value)
            for value in (
                review_round.title,
                community.name,
                site + community.get_absolute_url(),
                recommendation.task_force,
                recommendation.recommended_by.get_username(),
                recommendation.submitted_at.isoformat() if recommendation.submitted_at else "",
                recommendation.rationale,
                recommendation.conflict_of_interest,
                _dated(
                    entry["supporting"],
                    lambda c: f"{c.start_date}–{c.end_date}" if c.end_date else c.start_date,
                ),
                _dated(community.impact_examples.all(), lambda e: e.date),
                recommendation.get_status_display(),
                recommendation.decision_note,
                recommendation.decided_by.get_username() if recommendation.decided_by else "",
                recommendation.decided_at.isoformat() if recommendation.decided_at else "",
            )
        )
    return response


# --- Recognitions -----------------------------------------------------------------


def recognition_withdraw(request, object_id, model_admin):
    """A Bureau member withdraws a recognition, with a reason; it stays on record."""
    if not permissions.can_withdraw_recognition(request.user):
        raise PermissionDenied
    recognition = get_object_or_404(Recognition.objects.select_related("community"), pk=object_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.recognition_withdraw(
                recognition=recognition, user=request.user, reason=form.cleaned_data["reason"]
            )
        except services.TransitionNotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("The recognition of “%(name)s” was withdrawn.")
                % {"name": recognition.community.name},
            )
        return redirect("admin:registry_recognition_change", recognition.pk)
    context = {
        **_admin_context(
            request,
            model_admin,
            _("Withdraw the recognition of “%(name)s”") % {"name": recognition.community.name},
            recognition,
        ),
        "recognition": recognition,
        "form": form,
    }
    return render(request, "admin/registry/recognition/withdraw.html", context)
