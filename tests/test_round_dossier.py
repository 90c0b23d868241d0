"""A round's dossier: a printable page and a CSV of its recommendations and evidence."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from registry.models import Recommendation

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier_round(
    make_user,
    make_community,
    make_contribution,
    make_impact_example,
    make_round,
    make_recommendation,
):
    review_round = make_round("Bureau meeting, December 2026")
    decider = make_user("decider@example.org", name="Dana Decider", groups=["Bureau"])
    community = make_community("Pollinator network")
    cited = make_contribution(
        community,
        title="Uptake event in Nairobi",
        start_date=datetime.date(2025, 3, 4),
        end_date=datetime.date(2025, 3, 5),
        evidence_url="https://example.org/nairobi",
    )
    make_impact_example(
        community,
        title="National pollinator strategy",
        date=datetime.date(2024, 6, 1),
        evidence_url="https://example.org/strategy",
    )
    decided = make_recommendation(
        community,
        by=make_user("recommender@example.org", name="Rui Recommender", groups=["Task force"]),
        status=Recommendation.Status.DECLINED,
        round=review_round,
        rationale='=HYPERLINK("http://evil.example")',
        conflict_of_interest="none",
        decision_note="Come back with more evidence.",
        decided_by=decider,
        decided_at=timezone.now(),
        submitted_at=timezone.now(),
    )
    decided.supporting_contributions.add(cited)
    make_recommendation(
        make_community("Restoration practitioners"),
        status=Recommendation.Status.SUBMITTED,
        round=review_round,
    )
    return review_round


@pytest.mark.parametrize("role", ["bureau", "secretariat"])
def test_the_dossier_page_lists_each_recommendation_with_its_evidence(
    request, client, role, dossier_round
):
    client.force_login(request.getfixturevalue(role))

    response = client.get(reverse("admin:registry_reviewround_dossier", args=[dossier_round.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Pollinator network",
        "Restoration practitioners",
        "Uptake event in Nairobi",
        "2025-03-04",
        "https://example.org/nairobi",
        "National pollinator strategy",
        "Come back with more evidence.",
        "Dana Decider",  # people by the name they go by
        "Rui Recommender",
        "Declined",
    ):
        assert text in html
    assert "css/admin.css" in html


def test_the_stylesheet_has_print_rules_for_the_dossier():
    from django.contrib.staticfiles import finders

    with open(finders.find("css/admin.css"), encoding="utf-8") as stylesheet:
        css = stylesheet.read()
    assert "@media print" in css and ".dossier-entry" in css


@pytest.mark.parametrize("role", ["bureau", "secretariat"])
def test_the_dossier_csv_has_one_row_per_recommendation(request, client, role, dossier_round):
    client.force_login(request.getfixturevalue(role))

    response = client.get(
        reverse("admin:registry_reviewround_dossier_csv", args=[dossier_round.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["community"] for row in rows] == ["Pollinator network", "Restoration practitioners"]
    first = rows[0]
    assert first["round"] == "Bureau meeting, December 2026"
    assert first["community page"] == "http://testserver/communities/pollinator-network/"
    assert first["recommended by"] == "recommender@example.org"
    assert first["declaration of conflict of interest"] == "none"
    assert first["supporting contributions"] == (
        "Uptake event in Nairobi (2025-03-04–2025-03-05) https://example.org/nairobi"
    )
    assert first["examples of IPBES impact"] == (
        "National pollinator strategy (2024-06-01) https://example.org/strategy"
    )
    assert first["status"] == "Declined"
    assert first["decision note"] == "Come back with more evidence."
    assert first["decided by"] == "decider@example.org"
    assert first["decided at"]
    assert rows[1]["status"] == "Submitted" and rows[1]["decided by"] == ""


def test_the_dossier_csv_neutralises_spreadsheet_formulas(client, bureau, dossier_round):
    client.force_login(bureau)

    response = client.get(
        reverse("admin:registry_reviewround_dossier_csv", args=[dossier_round.pk])
    )

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["rationale"] == '\'=HYPERLINK("http://evil.example")'


@pytest.mark.parametrize("name", ["dossier", "dossier_csv"])
def test_the_task_force_cannot_read_the_dossier(client, task_force, dossier_round, name):
    client.force_login(task_force)

    response = client.get(reverse(f"admin:registry_reviewround_{name}", args=[dossier_round.pk]))

    assert response.status_code == 403


@pytest.mark.parametrize("name", ["dossier", "dossier_csv"])
def test_anonymous_visitors_are_sent_to_sign_in(client, dossier_round, name):
    response = client.get(reverse(f"admin:registry_reviewround_{name}", args=[dossier_round.pk]))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_an_unknown_round_is_404(client, bureau):
    client.force_login(bureau)

    assert client.get(reverse("admin:registry_reviewround_dossier", args=[999])).status_code == 404


def test_the_dossier_page_is_valid_html(client, secretariat, dossier_round, tmp_path):
    from tests.html_validity import validate_html

    client.force_login(secretariat)
    response = client.get(reverse("admin:registry_reviewround_dossier", args=[dossier_round.pk]))

    assert validate_html({"dossier": response.content}, tmp_path) == []
