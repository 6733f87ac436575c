"""Server-side inline SVG charts: no JavaScript, no CDN, readable in print and on a phone.

Colour is never the only signal: every bar carries its label and value as text, stacked
segments also have a fill pattern and are named in the legend, and the line chart uses a
dashed line (planned) against a solid one with point markers (actual). Every bar or
segment is an <a> link to the list behind it, with a <title> for screen readers.
"""

from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

FONT = 'font-family="system-ui, sans-serif" font-size="12"'
# (fill colour, pattern id) per segment key; patterns make segments distinct in greyscale.
SEGMENT_STYLES = {
    "review": ("#0d6efd", "qw-pat-dots"),
    "approved": ("#198754", "qw-pat-diag"),
    "in_progress": ("#0dcaf0", "qw-pat-none"),
    "completed": ("#146c43", "qw-pat-cross"),
    "closed": ("#6c757d", "qw-pat-horiz"),
}

PATTERN_DEFS = mark_safe(
    "<defs>"
    '<pattern id="qw-pat-dots" width="6" height="6" patternUnits="userSpaceOnUse">'
    '<circle cx="3" cy="3" r="1.2" fill="#fff"/></pattern>'
    '<pattern id="qw-pat-diag" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#fff" '
    'stroke-width="1.5"/></pattern>'
    '<pattern id="qw-pat-cross" width="6" height="6" patternUnits="userSpaceOnUse">'
    '<path d="M0 0L6 6M6 0L0 6" stroke="#fff" stroke-width="1"/></pattern>'
    '<pattern id="qw-pat-horiz" width="6" height="6" patternUnits="userSpaceOnUse">'
    '<line x1="0" y1="3" x2="6" y2="3" stroke="#fff" stroke-width="1.5"/></pattern>'
    '<pattern id="qw-pat-none" width="6" height="6" patternUnits="userSpaceOnUse"></pattern>'
    "</defs>"
)


def _coord(value):
    """Numbers in SVG attributes: one decimal, dot separator, whatever the language."""
    if isinstance(value, float):
        return f"{value:.1f}"
    return value


def _svg(template, *args):
    return format_html(template, *(_coord(a) for a in args))


def _svg_join(template, rows):
    return format_html_join("", template, (tuple(_coord(a) for a in row) for row in rows))


def _number(value, decimals=0):
    if value is None:
        return "—"
    # The active language's separators: 1.234,5 in Indonesian.
    return formats.number_format(value, decimal_pos=decimals, force_grouping=True)


def horizontal_bars(items, *, title, max_value=None, unit="", decimals=0, label_width=190):
    """items: [(label, value, href)]. One linked bar per item with its label and value."""
    width, bar_h, gap = 640, 20, 8
    chart_w = width - label_width - 70
    top = max_value or max([v or 0 for _, v, _ in items] + [1])
    height = len(items) * (bar_h + gap) + gap
    bars = []
    for i, (label, value, href) in enumerate(items):
        y = gap + i * (bar_h + gap)
        w = 0 if not value else max(2, chart_w * value / top)
        text = f"{_number(value, decimals)}{unit}"
        bars.append(
            _svg(
                '<a href="{}"><title>{}: {}</title>'
                '<text x="{}" y="{}" text-anchor="end" {}>{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="#0d6efd"/>'
                '<text x="{}" y="{}" {}>{}</text></a>',
                href,
                label,
                text,
                label_width - 6,
                y + 14,
                mark_safe(FONT),
                label[:32],
                label_width,
                y,
                w,
                bar_h,
                label_width + w + 4,
                y + 14,
                mark_safe(FONT),
                text,
            )
        )
    return _svg(
        '<svg class="qw-chart" role="img" aria-label="{}" viewBox="0 0 {} {}" '
        'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">'
        "<title>{}</title>{}</svg>",
        title,
        width,
        height,
        title,
        mark_safe("".join(bars)),
    )


def stacked_bars(rows, *, title, legend, label_width=190):
    """rows: [(label, [(segment key, value, href)])]; legend: {segment key: name}.

    Each bar is scaled to its row's total (shares), the count is written inside every
    segment wide enough for it and the row total at the end.
    """
    width, bar_h, gap = 640, 22, 8
    chart_w = width - label_width - 50
    legend_h = 24
    height = legend_h + len(rows) * (bar_h + gap) + gap
    parts = [PATTERN_DEFS]
    x = 0
    for key, name in legend.items():
        colour, pattern = SEGMENT_STYLES[key]
        parts.append(
            _svg(
                '<rect x="{}" y="4" width="14" height="14" fill="{}"/>'
                '<rect x="{}" y="4" width="14" height="14" fill="url(#{})"/>'
                '<text x="{}" y="16" {}>{}</text>',
                x,
                colour,
                x,
                pattern,
                x + 18,
                mark_safe(FONT),
                name,
            )
        )
        x += 24 + 7 * len(str(name))
    for i, (label, segments) in enumerate(rows):
        y = legend_h + gap + i * (bar_h + gap)
        total = sum(value for _, value, _ in segments)
        parts.append(
            _svg(
                '<text x="{}" y="{}" text-anchor="end" {}>{}</text>',
                label_width - 6,
                y + 15,
                mark_safe(FONT),
                label[:32],
            )
        )
        offset = label_width
        for key, value, href in segments:
            if not value:
                continue
            colour, pattern = SEGMENT_STYLES[key]
            w = chart_w * value / total
            inner = ""
            if w >= 18:
                inner = _svg(
                    '<text x="{}" y="{}" text-anchor="middle" {} fill="#000" '
                    'stroke="#fff" stroke-width="3" paint-order="stroke">{}</text>',
                    offset + w / 2,
                    y + 15,
                    mark_safe(FONT),
                    value,
                )
            parts.append(
                _svg(
                    '<a href="{}"><title>{} · {}: {}</title>'
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#fff"/>'
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{})"/>{}</a>',
                    href,
                    label,
                    legend[key],
                    value,
                    offset,
                    y,
                    w,
                    bar_h,
                    colour,
                    offset,
                    y,
                    w,
                    bar_h,
                    pattern,
                    inner,
                )
            )
            offset += w
        parts.append(
            _svg(
                '<text x="{}" y="{}" {}>{}</text>',
                label_width + chart_w + 6 if total else label_width + 4,
                y + 15,
                mark_safe(FONT),
                total,
            )
        )
    return _svg(
        '<svg class="qw-chart" role="img" aria-label="{}" viewBox="0 0 {} {}" '
        'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">'
        "<title>{}</title>{}</svg>",
        title,
        width,
        height,
        title,
        mark_safe("".join(parts)),
    )


def line_chart(points, *, title, planned_label, actual_label, href="#"):
    """points: [{"label", "planned", "actual" (None = future)}], 0–100 %. Dashed = planned."""
    width, height, left, bottom, top, right = 640, 260, 40, 40, 30, 20
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(points) - 1, 1)

    def xy(i, value):
        return left + plot_w * i / n, top + plot_h * (1 - value / 100)

    grid = _svg_join(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#dee2e6"/>'
        '<text x="{}" y="{}" text-anchor="end" {}>{}%</text>',
        (
            (
                left,
                xy(0, v)[1],
                width - right,
                xy(0, v)[1],
                left - 4,
                xy(0, v)[1] + 4,
                mark_safe(FONT),
                v,
            )
            for v in (0, 25, 50, 75, 100)
        ),
    )
    labels = _svg_join(
        '<text x="{}" y="{}" text-anchor="middle" {}>{}</text>',
        (
            (xy(i, 0)[0], height - bottom + 16, mark_safe(FONT), p["label"])
            for i, p in enumerate(points)
        ),
    )

    def path(key):
        coords = [xy(i, p[key]) for i, p in enumerate(points) if p[key] is not None]
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in coords), coords

    planned_path, _ = path("planned")
    actual_path, actual_coords = path("actual")
    last = [p for p in points if p["actual"] is not None]
    markers = _svg_join(
        '<circle cx="{}" cy="{}" r="4" fill="#198754"><title>{}: {}%</title></circle>',
        (
            (x, y, p["label"], _number(p["actual"], 1))
            for (x, y), p in zip(actual_coords, last, strict=True)
        ),
    )
    end_labels = ""
    if last:
        x, y = actual_coords[-1]
        end_labels = _svg(
            '<text x="{}" y="{}" {} font-weight="bold">{}%</text>',
            x + 6,
            y - 6,
            mark_safe(FONT),
            _number(last[-1]["actual"], 1),
        )
    legend = _svg(
        '<line x1="{}" y1="12" x2="{}" y2="12" stroke="#6c757d" stroke-width="2" '
        'stroke-dasharray="6 4"/><text x="{}" y="16" {}>{}</text>'
        '<line x1="{}" y1="12" x2="{}" y2="12" stroke="#198754" stroke-width="3"/>'
        '<circle cx="{}" cy="12" r="4" fill="#198754"/><text x="{}" y="16" {}>{}</text>',
        left,
        left + 30,
        left + 36,
        mark_safe(FONT),
        planned_label,
        left + 200,
        left + 230,
        left + 215,
        left + 236,
        mark_safe(FONT),
        actual_label,
    )
    return _svg(
        '<svg class="qw-chart" role="img" aria-label="{}" viewBox="0 0 {} {}" '
        'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">'
        '<title>{}</title><a href="{}">{}{}{}'
        '<polyline points="{}" fill="none" stroke="#6c757d" stroke-width="2" stroke-dasharray="6 4"/>'
        '<polyline points="{}" fill="none" stroke="#198754" stroke-width="3"/>{}{}</a></svg>',
        title,
        width,
        height,
        title,
        href,
        legend,
        grid,
        labels,
        planned_path,
        actual_path,
        markers,
        end_labels,
    )
