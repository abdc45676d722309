"""A list says how many rows it has without counting them all: exactly while there are few (up to 1,000), and past
that, on PostgreSQL, the planner's estimate, asked before anything is counted."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.views import EXACT_COUNT_LIMIT, RowCount, row_count
from decisions.models import Decision
from tests.test_list_queries import add_decisions

pytestmark = pytest.mark.django_db


def test_a_short_list_is_counted_exactly(client):
    add_decisions(30)

    response = client.get(reverse("register:list"))

    assert response.context["count_is_exact"] is True
    assert "30 decisions" in response.content.decode()


def test_past_the_limit_the_count_stops_and_elsewhere_the_rows_are_counted(db):
    add_decisions(EXACT_COUNT_LIMIT + 5)
    count = row_count(Decision.objects.all())
    if connection.vendor == "postgresql":
        assert (count.exact, count.value >= EXACT_COUNT_LIMIT) == (False, True)
    else:
        assert (count.value, count.exact) == (EXACT_COUNT_LIMIT + 5, True)


@pytest.mark.postgres
def test_a_long_list_shows_the_estimate_and_counts_nothing(client):
    add_decisions(12 * EXACT_COUNT_LIMIT)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE decisions_decision")

    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("register:list"))

    assert response.context["count_is_exact"] is False
    assert "About 12,000 decisions" in response.content.decode()
    assert not [query for query in captured.captured_queries if "COUNT(" in query["sql"].upper()]


def test_a_list_nothing_can_match_counts_as_empty(db):
    assert row_count(Decision.objects.none()) == RowCount(0, True)
    assert row_count(Decision.objects.filter(pk__in=[])) == RowCount(0, True)
