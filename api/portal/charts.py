"""Server-side SVG charts (no script, no external assets); each comes with a data table."""

from __future__ import annotations

import math
from html import escape

from markupsafe import Markup

PALETTE = ["#1a5fb4", "#26a269", "#c64600", "#a51d2d", "#613583", "#5e5c64"]
WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 40, 56


def stacked_bars(
    title: str, categories: list[str], series: dict[str, list[int]], colors: list[str] | None = None
) -> Markup:
    """Vertical stacked bars: one bar per category, one colour per series, a legend on top."""
    colors = colors or PALETTE
    totals = [sum(values[i] for values in series.values()) for i in range(len(categories))]
    peak = max(4, math.ceil(max(totals, default=0) / 4) * 4)  # whole numbers on the axis
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(categories), 1)
    bar_w = min(48.0, slot * 0.6)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" class="chart"><title>{escape(title)}</title>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" '
        'stroke="#333" stroke-width="1"/>',
    ]
    for step in range(5):
        value = peak * step / 4
        y = TOP + plot_h - plot_h * step / 4
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#333">{value:.0f}</text>'
        )
        if step:
            parts.append(
                f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
                'stroke="#ddd" stroke-width="1"/>'
            )
    for i, category in enumerate(categories):
        x = LEFT + slot * i + (slot - bar_w) / 2
        base = TOP + plot_h
        for j, (name, values) in enumerate(series.items()):
            h = plot_h * values[i] / peak
            if h <= 0:
                continue
            base -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{colors[j % len(colors)]}"><title>{escape(category)} {escape(name)}：'
                f"{values[i]}</title></rect>"
            )
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{TOP + plot_h + 18}" text-anchor="middle" '
            f'font-size="12" fill="#222">{escape(category)}</text>'
        )
    lx = LEFT
    for j, name in enumerate(series):
        parts.append(
            f'<rect x="{lx}" y="10" width="12" height="12" fill="{colors[j % len(colors)]}"/>'
            f'<text x="{lx + 16}" y="21" font-size="12" fill="#222">{escape(name)}</text>'
        )
        lx += 28 + 13 * len(name)
    parts.append("</svg>")
    return Markup("".join(parts))
