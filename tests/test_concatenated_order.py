"""The contributions list's "newest first" and "upcoming first" are two ordered parts
read in turn (registry/filters/concatenated.py): every page of them equals the same
slice of the whole order sorted in Python."""

import datetime

import pytest
from django.http import QueryDict

from registry.filters import ContributionFilterSet
from registry.filters.concatenated import Concatenated

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def contributions(make_community, make_contribution):
    community = make_community("Pollinator Watch")
    made = []
    for days in (-400, -30, -30, -5, -1, 0, 1, 9, 9, 60, 365, -90):
        made.append(make_contribution(community, start_date=TODAY + datetime.timedelta(days=days)))
    return made


def expected(rows, sort):
    past = sorted(
        (r for r in rows if r.start_date < TODAY),
        key=lambda r: (-r.start_date.toordinal(), r.title, r.pk),
    )
    upcoming = sorted(
        (r for r in rows if r.start_date >= TODAY), key=lambda r: (r.start_date, r.title, r.pk)
    )
    return past + upcoming if sort == "newest" else upcoming + past


@pytest.mark.parametrize("sort", ["newest", "upcoming"])
def test_every_slice_of_the_two_parts_equals_the_whole_order(contributions, sort):
    rows = ContributionFilterSet(QueryDict(f"sort={sort}")).listing()
    assert isinstance(rows, Concatenated)
    order = [r.pk for r in expected(contributions, sort)]
    assert rows.count() == len(order) == len(rows)
    assert [r.pk for r in rows] == order
    for start in range(len(order) + 2):
        for stop in range(start, len(order) + 3):
            assert [r.pk for r in rows[start:stop]] == order[start:stop], (start, stop)
    assert [r.pk for r in rows[4:]] == order[4:]


def test_paging_through_the_list_shows_each_contribution_once_in_order(
    client, contributions, monkeypatch
):
    from registry.views import communities

    monkeypatch.setattr(communities, "PAGE_SIZE", 5)
    seen = []
    for page in (1, 2, 3):
        response = client.get("/contributions/", {"page": page})
        seen += [c.pk for c in response.context["page_obj"].object_list]
    assert seen == [r.pk for r in expected(contributions, "newest")]


def test_only_slices_are_read():
    with pytest.raises(TypeError):
        Concatenated()[3]
