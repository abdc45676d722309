"""The progress picture: well-formed SVG, titled and described, naming every stage in its legend."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from forces import selectors
from forces.charts import progress_svg
from forces.choices import Stage

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def svg_root(soh):
    markup = progress_svg(
        service_name=soh.name,
        steps=selectors.live_over_time(soh),
        forces=selectors.force_stages(soh),
        today=dt.date(2026, 1, 5),
    )
    return ET.fromstring(markup)  # noqa: S314 - our own markup


def legend_texts(root) -> list[str]:
    return [
        text.text
        for item in root.iter(f"{SVG}g")
        if item.get("class") == "legend-item"
        for text in item.iter(f"{SVG}text")
        if len(text.text) > 1
    ]


def test_the_svg_is_well_formed_with_a_title_and_description(svg_root):
    assert svg_root.tag == f"{SVG}svg"
    assert svg_root.get("role") == "img"
    assert svg_root.find(f"{SVG}title").text == "On-boarding to Single Online Home: progress"
    desc = svg_root.find(f"{SVG}desc").text
    assert "41 live, 2 on-boarding started, 0 statement of intent, 0 withdrawn" in desc


def test_the_legend_names_every_stage(svg_root):
    assert legend_texts(svg_root) == [
        str(stage.label) for stage in (Stage.STATEMENT_OF_INTENT, Stage.ONBOARDING_STARTED, Stage.LIVE, Stage.WITHDRAWN)
    ] + ["No plan"]


def test_each_of_the_43_forces_has_a_cell_with_its_stage_in_words(svg_root):
    cells = [item for item in svg_root.iter(f"{SVG}g") if item.get("class") == "force"]
    assert len(cells) == 43
    labels = {tuple(text.text for text in cell.iter(f"{SVG}text"))[1:] for cell in cells}
    assert ("Avon and Somerset", "On-boarding started") in labels
    assert ("Lancashire", "Live") in labels


def test_the_step_line_climbs_once_per_go_live_date(soh, svg_root):
    steps = selectors.live_over_time(soh)
    assert steps[-1].total == 41
    path = next(item for item in svg_root.iter(f"{SVG}path") if item.get("class") == "step-line")
    assert path.get("d").count("V") == len(steps)


def test_labels_are_escaped(soh):
    markup = progress_svg(service_name="<Portal> & co", steps=[], forces=[], today=dt.date(2026, 1, 5))
    root = ET.fromstring(markup)  # noqa: S314 - our own markup
    assert root.find(f"{SVG}title").text == "On-boarding to <Portal> & co: progress"
