"""The SVG charts: labelled, linked, with more than colour to tell segments apart."""

from core import charts


def test_it_draws_labelled_linked_bars():
    svg = str(
        charts.horizontal_bars(
            [("Area <1>", 42.5, "/list?a=1&b=2")], title="T", unit="%", decimals=1
        )
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'href="/list?a=1&amp;b=2"' in svg
    assert "Area &lt;1&gt;" in svg and "42,5%" in svg


def test_it_stacks_segments_with_patterns_and_links():
    svg = str(
        charts.stacked_bars(
            [("Area", [("review", 2, "/r"), ("approved", 0, "/a"), ("closed", 1, "/c")])],
            title="T",
            legend={"review": "In review", "approved": "Approved", "closed": "Closed"},
        )
    )
    assert 'href="/r"' in svg and 'href="/c"' in svg
    assert 'href="/a"' not in svg  # empty segments are not drawn
    assert "url(#qw-pat-dots)" in svg and "In review" in svg


def test_it_draws_planned_dashed_and_actual_solid():
    svg = str(
        charts.line_chart(
            [
                {"label": "Jan", "planned": 10, "actual": 5},
                {"label": "Feb", "planned": 40, "actual": None},
            ],
            title="T",
            planned_label="Planned",
            actual_label="Actual",
        )
    )
    assert "stroke-dasharray" in svg and "Planned" in svg and "5,0%" in svg
