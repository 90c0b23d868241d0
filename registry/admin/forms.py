"""Forms of the admin's own pages (registry/admin/views.py): a reason for a
return or a withdrawal, and the Bureau's decision on recommendations."""

from django import forms
from django.utils.translation import gettext_lazy

from registry.models import NOTE_MAX_LENGTH, Recommendation
from registry.services import transitions


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        error_messages={"required": gettext_lazy("Give the reason.")},
    )


class DecisionForm(forms.Form):
    """One decision and one note for one or several recommendations of a round."""

    # The Bureau's three decisions, as the transition table names them.
    CHOICES = [(status, row.label) for status, row in transitions.DECISIONS.items()]

    recommendations = forms.ModelMultipleChoiceField(
        queryset=Recommendation.objects.none(),
        error_messages={"required": gettext_lazy("Select at least one recommendation.")},
    )
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=CHOICES,
        error_messages={"required": gettext_lazy("Choose endorse, decline or defer.")},
    )
    note = forms.CharField(
        label=gettext_lazy("Note explaining the decision"),
        max_length=NOTE_MAX_LENGTH,
        error_messages={"required": gettext_lazy("Write a note explaining the decision.")},
    )

    def __init__(self, *args, review_round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendations"].queryset = review_round.recommendations.all()
