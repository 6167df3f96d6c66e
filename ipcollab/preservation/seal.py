"""The seal image printed on the freeze documents: a round red seal (red ring, five-pointed star
in the middle, the agency's full name along the upper arc, an optional purpose line below the
star) as SVG, drawn by this module — pure and deterministic (same name, same bytes).

This is an electronic seal *image* of the platform's rendering, not the agency's registered seal:
the image says so under the star (电子印章图样), and the documents' footer points to the
verification page. A production system would stamp with the court's registered electronic seal
(a signing service and its certificate); see docs/preservation.md, "Documents"."""

import base64
import math
from xml.sax.saxutils import escape

RED = "#d7000f"
SIZE = 200
CENTER = SIZE / 2
RING_RADIUS = 94
TEXT_RADIUS = 72
FONT = "'Noto Serif CJK SC', 'Noto Sans CJK SC', serif"
MARK = "电子印章图样"


def _f(x):
    """Numbers with two decimals and no negative zero: the same drawing gives the same bytes."""
    text = f"{x:.2f}"
    return "0.00" if text == "-0.00" else text


def star_points(cx, cy, outer, inner):
    """The ten corners of a five-pointed star with one point straight up."""
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = math.radians(-90 + 36 * i)
        points.append(f"{_f(cx + radius * math.cos(angle))},{_f(cy + radius * math.sin(angle))}")
    return " ".join(points)


def arc_layout(count):
    """(font size, angle of each character in degrees, 0 = top, clockwise) for a name of
    `count` characters along the upper arc: the arc widens with the name up to 250°, then the
    characters shrink."""
    if count <= 0:
        return 0.0, []
    span = min(250.0, max(120.0, count * 21.0))
    step = span / count
    size = min(24.0, 0.92 * TEXT_RADIUS * math.radians(step))
    return size, [-span / 2 + step * (i + 0.5) for i in range(count)]


def seal_svg(name, purpose=""):
    """The seal of the agency `name` (its full name) as an SVG document (str)."""
    chars = [c for c in str(name) if not c.isspace()]
    size, angles = arc_layout(len(chars))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" viewBox="0 0 {SIZE} {SIZE}">',
        f'<circle cx="{_f(CENTER)}" cy="{_f(CENTER)}" r="{RING_RADIUS}" fill="none" stroke="{RED}" stroke-width="5"/>',
        f'<polygon points="{star_points(CENTER, CENTER, 27, 10.5)}" fill="{RED}"/>',
    ]
    # Each character stands on the arc, upright toward the rim: placed at the top, turned about the centre.
    baseline = CENTER - TEXT_RADIUS + size / 2
    for char, angle in zip(chars, angles, strict=True):
        parts.append(
            f'<text x="{_f(CENTER)}" y="{_f(baseline)}" transform="rotate({_f(angle)} {_f(CENTER)} {_f(CENTER)})" '
            f'font-family="{FONT}" font-size="{_f(size)}" font-weight="bold" fill="{RED}" text-anchor="middle">{escape(char)}</text>'
        )
    if purpose:
        parts.append(
            f'<text x="{_f(CENTER)}" y="{_f(CENTER + 48)}" font-family="{FONT}" font-size="14" font-weight="bold" fill="{RED}" text-anchor="middle">{escape(purpose)}</text>'
        )
    parts.append(
        f'<text x="{_f(CENTER)}" y="{_f(CENTER + (66 if purpose else 50))}" font-family="{FONT}" font-size="10" fill="{RED}" text-anchor="middle">{MARK}</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def seal_data_uri(name, purpose=""):
    """The seal as a data URI for an <img> of the document (no file, no network)."""
    return "data:image/svg+xml;base64," + base64.b64encode(seal_svg(name, purpose).encode("utf-8")).decode("ascii")
