"""Every API list (and a community's detail) runs a fixed number of queries whatever
the number of rows: measured with a few rows and with many, the count is the same,
and within a bound (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

# (url, the most queries it may run); the count includes the rate limit's cache reads
# and writes (3) and the paginator's count.
BOUNDS = [
    ("/api/v1/communities/", 14),
    (
        "/api/v1/communities/?topic=pollination&region=africa&country=FR&q=network&sort=contributions",
        18,
    ),
    ("/api/v1/communities/?recognised=1&activity=uptake-event&limit=100", 16),
    ("/api/v1/communities/network-1-for-nature-people/", 22),
    ("/api/v1/contributions/?limit=100", 10),
    ("/api/v1/contributions/?region=africa&topic=pollination&year=2025&sort=oldest", 14),
    ("/api/v1/impact-examples/?limit=100", 9),
    ("/api/v1/impact-examples/?deliverable=pollinators&region=africa", 12),
    ("/api/v1/recognitions/", 8),
    ("/api/v1/review-rounds/", 9),
    ("/api/v1/activity-types/", 8),
    ("/api/v1/topics/", 7),
]


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body if isinstance(body, list) else body.get("results", body)
    return len(captured)


@pytest.mark.parametrize(("url", "bound"), BOUNDS)
def test_query_count_does_not_grow_with_the_rows(client, site_data, url, bound):
    site_data(3)
    few = queries(client, url)
    site_data(12)
    many = queries(client, url)
    assert few == many
    assert many <= bound
