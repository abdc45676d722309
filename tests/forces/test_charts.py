"""The dashboard's pictures and their data: forces live over time (well-formed SVG, titled and described, its time
axis ending with the last go-live), on-boarding progress naming the forces still to come, and the cost share as a
curve through the two stated scenarios, marking today's number of forces on board."""

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from forces import selectors
from forces.charts import FONT_SIZE, WIDTH, cost_curve, cost_curve_svg, progress_svg, time_axis
from forces.choices import Stage
from forces.costs import CostShareModel

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
# The seed's two scenarios: £180K per force a year with 20 forces, £102K with 43.
SEED = CostShareModel.fit((43, Decimal("102000.00")), (20, Decimal("180000.00")))


@pytest.fixture
def svg_root(soh):
    markup = progress_svg(
        service_name=soh.name,
        steps=selectors.live_over_time(soh),
        forces=selectors.force_stages(soh),
        today=dt.date(2026, 1, 5),
    )
    return ET.fromstring(markup)  # noqa: S314 - our own markup


def test_the_svg_is_well_formed_with_a_title_and_description(svg_root):
    assert svg_root.tag == f"{SVG}svg"
    assert svg_root.get("role") == "img"
    assert svg_root.find(f"{SVG}title").text == "On-boarding to Single Online Home: progress"
    desc = svg_root.find(f"{SVG}desc").text
    assert "41 live, 2 on-boarding started, 0 statement of intent, 0 withdrawn" in desc


def test_the_step_line_climbs_once_per_go_live_date(soh, svg_root):
    steps = selectors.live_over_time(soh)
    assert steps[-1].total == 41
    path = next(item for item in svg_root.iter(f"{SVG}path") if item.get("class") == "step-line")
    assert path.get("d").count("V") == len(steps)


def test_the_time_axis_ends_with_the_year_of_the_last_go_live_not_today(soh, svg_root):
    steps = selectors.live_over_time(soh)
    assert time_axis(steps) == (dt.date(2020, 1, 1), dt.date(steps[-1].day.year + 1, 1, 1))
    years = [text.text for text in svg_root.iter(f"{SVG}text") if text.text.isdigit() and len(text.text) == 4]
    assert years[-1] == str(steps[-1].day.year + 1) and "2026" not in years


def test_every_label_is_drawn_large_enough_to_read_on_a_phone(svg_root):
    """Drawn about 290 pixels wide on a 320-pixel phone, a label of FONT_SIZE units is at least 12 pixels."""
    assert svg_root.get("viewBox").split()[2] == str(WIDTH)
    assert {float(text.get("font-size")) for text in svg_root.iter(f"{SVG}text")} == {FONT_SIZE}
    assert FONT_SIZE * 290 / WIDTH >= 12


def test_labels_are_escaped(soh):
    markup = progress_svg(service_name="<Portal> & co", steps=[], forces=[], today=dt.date(2026, 1, 5))
    root = ET.fromstring(markup)  # noqa: S314 - our own markup
    assert root.find(f"{SVG}title").text == "On-boarding to <Portal> & co: progress"


def test_the_progress_counts_live_forces_and_names_those_still_to_come_with_their_target_year(soh):
    progress = selectors.onboarding_progress(soh)
    assert (progress.live, progress.total) == (41, 43)
    to_come = [(entry.force.name, entry.stage, str(entry.target_financial_year)) for entry in progress.to_come]
    assert to_come == [
        ("Avon and Somerset Constabulary", Stage.ONBOARDING_STARTED, "2026/27"),
        ("West Yorkshire Police", Stage.ONBOARDING_STARTED, "2026/27"),
    ]


def test_forces_with_a_plan_are_named_with_their_stage_and_target_year_and_the_rest_counted(mypolice):
    progress = selectors.onboarding_progress(mypolice)
    assert (progress.live, progress.total) == (3, 43)
    assert [(entry.force.name, entry.stage, str(entry.target_financial_year)) for entry in progress.planned] == [
        ("Lancashire Constabulary", Stage.STATEMENT_OF_INTENT, "2025/26")
    ]
    assert len(progress.without_plan) == 39
    assert all(entry.stage is None for entry in progress.without_plan)


def test_the_cost_curve_passes_through_the_seeds_two_points_and_marks_today(soh):
    curve = cost_curve(SEED, 41)
    costs = dict(curve.points)
    assert costs[20] == Decimal("180000.00") and costs[43] == Decimal("102000.00")
    assert [(point.forces, point.per_force_amount) for point in curve.stated] == [
        (20, Decimal("180000.00")),
        (43, Decimal("102000.00")),
    ]
    assert (curve.today.forces, curve.today.per_force_amount) == (41, SEED.per_force(41))
    # The cost per force falls as more forces share it, from half the fewest stated (10) to all 43.
    assert [n for n, _cost in curve.points] == list(range(10, 44))
    assert all(a[1] > b[1] for a, b in zip(curve.points, curve.points[1:], strict=False))


def test_the_cost_curve_picture_has_labelled_axes_a_scale_and_both_points(soh):
    root = ET.fromstring(cost_curve_svg(service_name="SOH", curve=cost_curve(SEED, 43)))  # noqa: S314
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert {"Cost per force a year", "Forces on board"} <= set(texts)
    assert [t for t in texts if t.startswith("£") and " " not in t] == ["£0", "£100K", "£200K", "£300K", "£400K"]
    assert {"£180K each with 20", "£102K each with 43", "Now 43: £102K each"} <= set(texts)
    assert len([c for c in root.iter(f"{SVG}circle") if c.get("class") == "stated"]) == 2
    desc = root.find(f"{SVG}desc").text
    assert "£180,000.00 a year each with 20 forces; £102,000.00 a year each with 43 forces" in desc
    assert "Now 43 forces are on board: £102,000.00 a year each." in desc
