"""Charts as inline SVG drawn on the server (no JavaScript library, nothing from a CDN)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape

PALETTE = ("#0a66c2", "#057642", "#b24020", "#915907", "#8344cc", "#56687a", "#df704d")


def _text(x: float, y: float, label: object, anchor: str = "middle", cls: str = "lbl") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" class="{cls}">{escape(label)}</text>'
    )


def line_chart(
    labels: Sequence[str],
    series: Mapping[str, Sequence[float]],
    *,
    title: str,
    unit: str = "%",
    width: int = 640,
    height: int = 260,
) -> Markup:
    """Lines over shared x labels, with a y axis from 0 to the data's max and a legend."""
    left, right, top, bottom = 44, 150, 16, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([v for values in series.values() for v in values] + [1.0])
    peak = 100.0 if unit == "%" and peak <= 100 else peak * 1.1
    n = max(len(labels), 2)

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + plot_w * i / (n - 1), top + plot_h * (1 - v / peak)

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for k in range(5):
        value = peak * k / 4
        _, y = xy(0, value)
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
        )
        parts.append(_text(left - 6, y + 4, f"{value:.0f}{unit}", "end"))
    step = max(1, len(labels) // 6)
    for i, label in enumerate(labels):
        if i % step == 0 or i == len(labels) - 1:
            parts.append(_text(xy(i, 0)[0], height - 12, label))
    for j, (name, values) in enumerate(series.items()):
        color = PALETTE[j % len(PALETTE)]
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, v in enumerate(values)))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{color}" stroke-width="2"/>')
        ly = top + 14 + 18 * j
        parts.append(
            f'<rect x="{width - right + 12}" y="{ly - 9}" width="10" height="10" fill="{color}"/>'
        )
        last = f" {values[-1]:.0f}{unit}" if values else ""
        parts.append(_text(width - right + 28, ly, f"{name}{last}", "start"))
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(
    items: Sequence[tuple[str, int]], *, title: str, highlight: str | None = None, width: int = 640
) -> Markup:
    """Horizontal bars with their counts; the `highlight` label is drawn in green."""
    row, left, right = 26, 170, 70
    height = row * len(items) + 10
    peak = max([v for _, v in items] + [1])
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(items):
        y = 5 + i * row
        bar = (width - left - right) * value / peak
        color = "#057642" if label == highlight else "#b24020"
        parts.append(_text(left - 8, y + 15, label, "end"))
        box = f'x="{left}" y="{y + 3}" width="{bar:.1f}" height="{row - 8}"'
        parts.append(f'<rect {box} fill="{color}" rx="2"/>')
        parts.append(_text(left + bar + 6, y + 15, f"{value:,}", "start"))
    parts.append("</svg>")
    return Markup("".join(parts))
