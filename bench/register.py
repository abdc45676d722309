"""Benchmark: the public register, the auditor's portal and their downloads at national scale (PostgreSQL).

    createdb -h 127.0.0.1 -U postgres pgd_bench15          # once; --build empties and fills it
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pgd_bench15 .venv/bin/python bench/register.py --build
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pgd_bench15 .venv/bin/python bench/register.py [--runs 15]

``--build`` migrates the database and fills it with 100,000 published decisions, 20,000 grants and 50,000
variations (``bench/register_data.py``: ``bulk_create`` in batches, a few minutes). Then, in one process through
Django's test client (the whole request: middleware, session, filters, template), each page is requested ``--runs``
times after a warm-up, in turn with a hand-written minimal view of the same rows (raw SQL for exactly those rows, a
plain table in the same page template, no counting, no filters), so that drift on the machine slows both alike: the
report gives each one's median, the ratio of the two, and the page's query count. Floors: each page at most 2× its
minimal view and under 300 ms. Downloads report the time to the first byte, the whole time, and the peak of Python
memory allocated while streaming (tracemalloc, in a separate run so that its cost does not touch the times); floors
for the register's CSV: first byte under 1 s, memory under 50 MB.
"""

import argparse
import os
import statistics
import sys
import time
import tracemalloc
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This file is named after the page it measures: the project's own ``register`` app must come first on the path.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))

PAGE_FLOOR_RATIO = 2.0
PAGE_FLOOR_SECONDS = 0.300
CSV_FIRST_BYTE_FLOOR = 1.0
CSV_MEMORY_FLOOR = 50 * 1024 * 1024


def setup() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to the benchmark's PostgreSQL database (see the docstring).")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # As production runs: no debug (Django keeps no query log, templates are cached).
    os.environ.update({"DEBUG": "false", "SECRET_KEY": "bench-" + "x" * 50, "ALLOWED_HOSTS": "testserver"})
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    import django

    django.setup()


# --- Hand-written minimal views: the same rows, straight from SQL --------------------------------------------------

MINIMAL_TEMPLATE = """{% extends "base.html" %}{% block title %}Minimal{% endblock %}{% block content %}
<table class="govuk-table"><tbody class="govuk-table__body">{% for row in rows %}<tr class="govuk-table__row">
{% for cell in row %}<td class="govuk-table__cell">{{ cell|default:"—" }}</td>{% endfor %}</tr>{% endfor %}
</tbody></table>{% endblock %}"""
_compiled = {}


def _minimal_template():
    """The minimal views' template, compiled once (as Django's cached loader keeps the project's own)."""
    from django.template import engines

    if "template" not in _compiled:
        _compiled["template"] = engines["django"].from_string(MINIMAL_TEMPLATE)
    return _compiled["template"]


def _minimal_register(request):
    from django.db import connection

    from core.financial_year import FinancialYear
    from register.search import reference_key

    params, where, joins, order = [], ["d.status = 'published'"], "", "d.decided_on DESC NULLS LAST, d.id DESC"
    headline = "NULL"
    if request.GET.get("financial_year"):
        year = FinancialYear.parse(request.GET["financial_year"])
        where.append("d.decided_on BETWEEN %s AND %s")
        params += [year.starts_on, year.ends_on]
    if request.GET.get("decision_maker"):
        where.append("d.decision_maker = %s")
        params.append(request.GET["decision_maker"])
    search = request.GET.get("search", "")
    select_params = []
    if search:
        joins = "JOIN register_searchentry e ON e.decision_id = d.id"
        where.append("(e.vector @@ websearch_to_tsquery('english', %s) OR e.reference_key = %s)")
        params += [search, reference_key(search)]
        order = "(e.reference_key = %s) DESC, ts_rank(e.vector, websearch_to_tsquery('english', %s)) DESC, " + order
        headline = (
            "ts_headline('english', e.body, websearch_to_tsquery('english', %s), "
            "'MaxFragments=2, MaxWords=24, MinWords=8')"
        )
        select_params = [search]
    per_page = 25
    offset = (int(request.GET.get("page", 1)) - 1) * per_page
    # The page's rows (the sort's index answers it), then which of them have a PDF: two plain queries.
    sql = f"""
        SELECT d.id, d.reference, d.title, d.decision_maker, to_char(d.decided_on, 'DD/MM/YYYY'), d.financial_year,
               to_char(d.published_on, 'DD/MM/YYYY'), {headline}
        FROM decisions_decision d {joins}
        WHERE {" AND ".join(where)}
        ORDER BY {order} LIMIT {per_page} OFFSET {offset}
    """  # noqa: S608 - the benchmark's own constants and integers
    order_params = [reference_key(search), search] if search else []
    with connection.cursor() as cursor:
        cursor.execute(sql, [*select_params, *params, *order_params])
        found = cursor.fetchall()
        cursor.execute(
            "SELECT decision_id FROM decisions_sealeddocument WHERE decision_id = ANY(%s) AND variant = 'part_1'",
            [[row[0] for row in found]],
        )
        with_pdf = {decision_id for (decision_id,) in cursor.fetchall()}
    rows = [(*row[1:], row[0] in with_pdf) for row in found]
    from django.http import HttpResponse

    return HttpResponse(_minimal_template().render({"rows": rows}, request))


def _minimal_portal(request):
    from django.db import connection
    from django.http import HttpResponse

    per_page = 50
    offset = (int(request.GET.get("page", 1)) - 1) * per_page
    where = ["d.status IN ('approved', 'published')"]
    params = []
    if request.GET.get("decision_maker"):
        where.append("d.decision_maker = %s")
        params.append(request.GET["decision_maker"])
    # The page's rows with their seal (one join), then their grants and documents: three plain queries.
    sql = f"""
        SELECT d.id, d.reference, d.title, d.decision_maker, to_char(d.decided_on, 'DD/MM/YYYY'), d.financial_year,
               d.status, seal.status
        FROM decisions_decision d LEFT JOIN decisions_decisionseal seal ON seal.decision_id = d.id
        WHERE {" AND ".join(where)} AND EXISTS (SELECT 1 FROM decisions_sealeddocument s WHERE s.decision_id = d.id)
        ORDER BY d.decided_on DESC NULLS LAST, d.id DESC LIMIT {per_page} OFFSET {offset}
    """  # noqa: S608 - the benchmark's own constants and integers
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
        ids = [row[0] for row in found]
        cursor.execute(
            "SELECT dg.decision_id, string_agg(g.funder_reference, ', ') FROM decisions_decision_grants dg"
            " JOIN grants_grant g ON g.id = dg.grant_id WHERE dg.decision_id = ANY(%s) GROUP BY dg.decision_id",
            [ids],
        )
        grants = dict(cursor.fetchall())
        cursor.execute(
            "SELECT decision_id, variant, sha256 FROM decisions_sealeddocument WHERE decision_id = ANY(%s)", [ids]
        )
        documents = {}
        for decision_id, variant, sha256 in cursor.fetchall():
            documents.setdefault(decision_id, []).append((variant, sha256))
    rows = [(*row[1:], grants.get(row[0]), documents.get(row[0])) for row in found]
    return HttpResponse(_minimal_template().render({"rows": rows}, request))


def install_minimal_views() -> None:
    from django.conf import settings
    from django.urls import clear_url_caches, path

    import config.urls

    module = types.ModuleType("bench_register_urls")
    module.urlpatterns = [
        path("bench/register/", _minimal_register),
        path("bench/portal/", _minimal_portal),
        *config.urls.urlpatterns,
    ]
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    # Static files as files: the benchmark does not need collectstatic's manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    clear_url_caches()


# --- Measuring ------------------------------------------------------------------------------------------------------


def _first(client, url: str, params: dict) -> tuple[int, int]:
    """(queries, bytes) of one request, which also warms the page up."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.status_code)
    return len(captured), len(response.content)


def _seconds(client, url: str, params: dict) -> float:
    start = time.perf_counter()
    client.get(url, params)
    return time.perf_counter() - start


def timed(client, url: str, params: dict, runs: int) -> tuple[float, int, int]:
    """(median seconds, queries, bytes) of ``runs`` requests after one warm-up."""
    queries, size = _first(client, url, params)
    return statistics.median(_seconds(client, url, params) for _ in range(runs)), queries, size


def timed_pair(client, url: str, minimal: str, params: dict, runs: int) -> tuple[float, float, int, int]:
    """(page's median, minimal view's median, page's queries, page's bytes): after a warm-up of each, the two are
    requested in turn, so that whatever else the machine does slows both alike."""
    queries, size = _first(client, url, params)
    _first(client, minimal, params)
    page_times, minimal_times = [], []
    for _ in range(runs):
        page_times.append(_seconds(client, url, params))
        minimal_times.append(_seconds(client, minimal, params))
    return statistics.median(page_times), statistics.median(minimal_times), queries, size


def streamed(client, url: str, params: dict) -> dict:
    """Time to the first byte and in all, then (another run) the peak of Python memory while streaming."""
    start = time.perf_counter()
    response = client.get(url, params)
    pieces = iter(response.streaming_content)
    first = next(pieces)
    first_byte = time.perf_counter() - start
    size = len(first) + sum(len(piece) for piece in pieces)
    whole = time.perf_counter() - start
    tracemalloc.start()
    baseline = tracemalloc.get_traced_memory()[0]
    response = client.get(url, params)
    for _piece in response.streaming_content:
        pass
    peak = tracemalloc.get_traced_memory()[1] - baseline
    tracemalloc.stop()
    return {"first_byte": first_byte, "whole": whole, "bytes": size, "peak": peak}


PAGES = (
    # (label, page URL, params, minimal URL)
    ("register: first page", "/register/", {}, "/bench/register/"),
    (
        "register: search “Digital Public Contact”",
        "/register/",
        {"search": "Digital Public Contact"},
        "/bench/register/",
    ),
    (
        "register: filtered (2020/21, DMPC)",
        "/register/",
        {"financial_year": "2020/21", "decision_maker": "dmpc"},
        "/bench/register/",
    ),
    ("register: page 2,000", "/register/", {"page": "2000"}, "/bench/register/"),
    ("portal: first page", "/decisions/sealed/", {}, "/bench/portal/"),
    ("portal: filtered (PCC)", "/decisions/sealed/", {"decision_maker": "pcc"}, "/bench/portal/"),
    ("portal: page 1,000", "/decisions/sealed/", {"page": "1000"}, "/bench/portal/"),
)
DOWNLOADS = (
    ("register CSV (all)", "/register/", {"_export": "csv"}),
    ("portal CSV (all)", "/decisions/sealed/", {"_export": "csv"}),
    ("open data, whole register (JSON)", "/register/data/all.json", {}),
)
OTHER_PAGES = (
    ("register: search “pcd1838” (a reference)", "/register/", {"search": "pcd1838"}),
    ("open data: page 1 (JSON)", "/register/data.json", {}),
    ("due list", "/register/due/", {}),
)


def auditor():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from core import roles

    user, created = get_user_model().objects.get_or_create(username="bench-auditor", defaults={"is_staff": True})
    if created:
        user.groups.add(Group.objects.get(name=roles.AUDITOR), Group.objects.get(name=roles.GOVERNANCE))
    return user


def run(runs: int) -> int:
    from django.test import Client

    from decisions.models import Decision

    install_minimal_views()
    client = Client()
    client.force_login(auditor())
    published = Decision.objects.filter(status="published").count()
    print(
        f"{published:,} published decisions; medians of {runs} requests after a warm-up, each page and its minimal "
        "view in turn (test client, one process)\n"
    )
    print("| page | median | minimal view | ratio | queries | page size |\n|---|---:|---:|---:|---:|---:|")
    failures = []
    for label, url, params, minimal in PAGES:
        seconds, baseline, queries, size = timed_pair(client, url, minimal, params, runs)
        ratio = seconds / baseline
        cells = (f"{seconds * 1000:.0f} ms", f"{baseline * 1000:.0f} ms", f"{ratio:.2f}", queries, f"{size // 1024} KB")
        print(f"| {label} | " + " | ".join(str(cell) for cell in cells) + " |")
        if ratio > PAGE_FLOOR_RATIO or seconds > PAGE_FLOOR_SECONDS:
            failures.append(label)
    for label, url, params in OTHER_PAGES:
        seconds, queries, size = timed(client, url, params, runs)
        print(f"| {label} | {seconds * 1000:.0f} ms | — | — | {queries} | {size / 1024:.0f} KB |")
    print("\n| download | first byte | whole | size | peak Python memory |\n|---|---:|---:|---:|---:|")
    for label, url, params in DOWNLOADS:
        result = streamed(client, url, params)
        print(
            f"| {label} | {result['first_byte'] * 1000:.0f} ms | {result['whole']:.1f} s | "
            f"{result['bytes'] / 1024 / 1024:.1f} MB | {result['peak'] / 1024 / 1024:.1f} MB |"
        )
        if label.startswith("register CSV") and (
            result["first_byte"] > CSV_FIRST_BYTE_FLOOR or result["peak"] > CSV_MEMORY_FLOOR
        ):
            failures.append(label)
    print()
    if failures:
        print("Over a floor: " + "; ".join(failures))
        return 1
    print("Every floor held.")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", action="store_true", help="empty the database and build the data set first")
    parser.add_argument("--runs", type=int, default=15, help="timed requests per page (after one warm-up)")
    parser.add_argument("--decisions", type=int, default=100_000, help="how many decisions --build makes")
    args = parser.parse_args()
    setup()
    if args.build:
        from django.core.management import call_command

        from bench.register_data import build

        call_command("flush", interactive=False, verbosity=0)
        call_command("migrate", verbosity=0)
        build(decisions=args.decisions, stdout=sys.stdout)
    return run(args.runs)


if __name__ == "__main__":
    sys.exit(main())
