"""Illustrations for the demo campaign, drawn locally with Pillow in the site's palette (static/css/site.css).

Four families, each varied by a seed, so that no two demo pages show the same picture:

- `runner`: a runner's silhouette on a road at dawn, with a mile marker beside it;
- `tribute`: soft shapes for a baby (footprints, a heart, a small hand, a moon and stars) on pastel;
- `press`: a newspaper, a television, a studio microphone or headphones, after the coverage's kind;
- `course`: the race drawn as a winding course with its mile markers and the finish, for event heroes
  (and, with runners on it, for the home page).

Every function returns an `Illustration`: JPEG bytes and a sentence saying what the picture shows (used as
the image's description and, for tributes, as the photo's alt text). The same seed gives the same bytes.
Shapes are drawn at twice the size and reduced, which smooths their edges; nothing is fetched.
"""

import io
import math
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

# The site's colours (static/css/site.css).
BRAND = (107, 44, 122)  # --colour-brand
BRAND_DARK = (77, 31, 88)  # --colour-brand-dark
ACCENT = (11, 110, 110)  # --colour-accent
SURFACE = (246, 243, 248)  # --colour-surface
BORDER = (214, 208, 220)  # --colour-border
TEXT = (29, 35, 48)  # --colour-text
SUN = (255, 191, 71)  # --colour-focus
WHITE = (255, 255, 255)

# Pastels made from the palette, for the soft pictures.
PASTELS = {
    "lavender": (233, 223, 240),
    "mint": (213, 236, 234),
    "peach": (251, 227, 211),
    "butter": (255, 241, 199),
    "blush": (246, 219, 228),
    "sky": (219, 231, 243),
}

SUPERSAMPLE = 2
JPEG_QUALITY = 84


@dataclass(frozen=True)
class Illustration:
    content: bytes
    description: str
    size: tuple[int, int]


def seeded(family, seed):
    """The random numbers of one picture: the same family and seed always draw the same picture."""
    return random.Random(f"{family}-{seed}")  # noqa: S311 (a picture's layout, not a secret)


def mix(a, b, t):
    """The colour a fraction t of the way from a to b."""
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def gradient(size, top, bottom):
    """A vertical gradient: one column of 256 rows, smoothed to the height, then repeated across (fast)."""
    strip = Image.new("RGB", (1, 256))
    strip.putdata([mix(top, bottom, y / 255) for y in range(256)])
    column = strip.resize((1, size[1]), Image.Resampling.BILINEAR)
    return column.resize(size, Image.Resampling.NEAREST)


def finish(canvas, size):
    """Reduce the supersampled canvas to its size and encode it as JPEG."""
    picture = canvas.reduce(SUPERSAMPLE) if SUPERSAMPLE > 1 else canvas
    if picture.size != size:
        picture = picture.resize(size, Image.Resampling.BILINEAR)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()


def font(px):
    return ImageFont.load_default(size=max(8, round(px)))


def ellipse_points(cx, cy, rx, ry, angle=0.0, steps=40):
    """A rotated ellipse as a polygon (Pillow draws only upright ellipses)."""
    cos, sin = math.cos(angle), math.sin(angle)
    points = []
    for i in range(steps):
        t = 2 * math.pi * i / steps
        x, y = rx * math.cos(t), ry * math.sin(t)
        points.append((cx + x * cos - y * sin, cy + x * sin + y * cos))
    return points


def star_points(cx, cy, outer, inner=None, rotation=-math.pi / 2, tips=5):
    inner = inner if inner is not None else outer * 0.45
    points = []
    for i in range(tips * 2):
        r = outer if i % 2 == 0 else inner
        t = rotation + math.pi * i / tips
        points.append((cx + r * math.cos(t), cy + r * math.sin(t)))
    return points


def heart_points(cx, cy, scale, steps=60):
    points = []
    for i in range(steps):
        t = 2 * math.pi * i / steps
        x = 16 * math.sin(t) ** 3
        y = 13 * math.cos(t) - 5 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t)
        points.append((cx + x * scale / 16, cy - y * scale / 16))
    return points


def thick_line(draw, points, fill, width):
    """A polyline with round joints and round ends."""
    draw.line(points, fill=fill, width=round(width), joint="curve")
    r = width / 2
    for x, y in (points[0], points[-1]):
        draw.ellipse([x - r, y - r, x + r, y + r], fill=fill)


def limb(origin, angles, lengths):
    """Points of a jointed limb: angles in degrees from straight down, positive towards the front (right)."""
    points = [origin]
    x, y = origin
    for angle, length in zip(angles, lengths, strict=True):
        a = math.radians(angle)
        x, y = x + length * math.sin(a), y + length * math.cos(a)
        points.append((x, y))
    return points


def draw_runner(draw, hip, unit, colour, far_colour, stride, lean, detail=None):
    """A running figure facing right, hip at `hip`, `unit` its scale; stride in -1..1 swaps the legs."""
    hx, hy = hip
    lean_rad = math.radians(lean)
    shoulder = (hx + 1.55 * unit * math.sin(lean_rad), hy - 1.55 * unit * math.cos(lean_rad))
    head = (shoulder[0] + 0.55 * unit * math.sin(lean_rad), shoulder[1] - 0.78 * unit)
    limb_width = 0.34 * unit
    # The legs and arms swing opposite each other; `stride` moves them through the step.
    reach, kick = 38 * stride, -28 * stride
    legs = [
        (limb(hip, [reach, reach - 35], [1.15 * unit, 1.1 * unit]), colour if stride > 0 else far_colour),
        (limb(hip, [kick, kick - 85], [1.15 * unit, 1.1 * unit]), far_colour if stride > 0 else colour),
    ]
    arms = [
        (limb(shoulder, [-40 * stride, -40 * stride + 95], [0.8 * unit, 0.75 * unit]), colour),
        (limb(shoulder, [40 * stride, 40 * stride + 95], [0.8 * unit, 0.75 * unit]), far_colour),
    ]
    far = [shape for shape in legs + arms if shape[1] == far_colour]
    near = [shape for shape in legs + arms if shape[1] == colour]
    for points, fill in far:
        thick_line(draw, points, fill, limb_width * 0.9)
    thick_line(draw, [hip, shoulder], colour, 0.62 * unit)
    r = 0.42 * unit
    draw.ellipse([head[0] - r, head[1] - r, head[0] + r, head[1] + r], fill=colour)
    if detail == "ponytail":
        thick_line(
            draw,
            [(head[0] - 0.3 * unit, head[1] - 0.15 * unit), (head[0] - 0.85 * unit, head[1] + 0.2 * unit)],
            colour,
            0.22 * unit,
        )
    elif detail == "cap":
        draw.pieslice([head[0] - r * 1.05, head[1] - r * 1.1, head[0] + r * 1.05, head[1] + r], 180, 360, fill=ACCENT)
        draw.rectangle([head[0], head[1] - 0.1 * unit, head[0] + 0.7 * unit, head[1] + 0.02 * unit], fill=ACCENT)
    for points, fill in near:
        thick_line(draw, points, fill, limb_width)
    # A race bib on the chest.
    bx, by = mix(hip, shoulder, 0.55)
    draw.rounded_rectangle(
        [bx - 0.22 * unit, by - 0.2 * unit, bx + 0.26 * unit, by + 0.2 * unit], radius=0.05 * unit, fill=WHITE
    )


SKIES = [
    ("at dawn", PASTELS["butter"], PASTELS["blush"]),
    ("on a lavender morning", PASTELS["lavender"], SURFACE),
    ("on a pale blue morning", PASTELS["sky"], PASTELS["mint"]),
    ("at a peach sunrise", PASTELS["peach"], PASTELS["butter"]),
]


def runner(seed, size=(800, 800), mile=None):
    """A runner's silhouette on a road at dawn, with a marker for `mile` (seeded when None) beside the road."""
    rng = seeded("runner", seed)
    w, h = size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE
    sky_name, top, bottom = SKIES[seed % len(SKIES)]
    canvas = gradient((w, h), top, bottom)
    draw = ImageDraw.Draw(canvas)
    horizon = h * rng.uniform(0.5, 0.58)
    # The sun, low behind the hills.
    sun_x, sun_r = w * rng.uniform(0.25, 0.72), min(w, h) * rng.uniform(0.1, 0.15)
    draw.ellipse([sun_x - sun_r, horizon - sun_r * 1.3, sun_x + sun_r, horizon + sun_r * 0.7], fill=SUN)
    # Two rows of rolling hills.
    for row, (colour, height) in enumerate(
        [(mix(BORDER, BRAND, 0.15), 0.09), (mix(PASTELS["mint"], ACCENT, 0.35), 0.05)]
    ):
        phase, waves = rng.uniform(0, math.tau), rng.uniform(1.2, 2.4)
        crest = [
            (x, horizon - h * height * (0.6 + 0.4 * math.sin(phase + waves * math.tau * x / w)) + row * h * 0.03)
            for x in range(0, w + 20, 20)
        ]
        draw.polygon([*crest, (w, h), (0, h)], fill=colour)
    # The road, narrowing to the horizon, with its dashed centre line.
    vanish = w * rng.uniform(0.4, 0.6)
    road = mix(BORDER, BRAND_DARK, 0.28)
    draw.polygon([(vanish - w * 0.02, horizon), (vanish + w * 0.02, horizon), (w * 1.05, h), (-w * 0.05, h)], fill=road)
    for i in range(8):
        t0, t1 = (i / 8) ** 1.6, ((i + 0.45) / 8) ** 1.6
        y0, y1 = horizon + (h - horizon) * t0, horizon + (h - horizon) * t1
        x0, x1 = vanish + (w / 2 - vanish) * t0, vanish + (w / 2 - vanish) * t1
        draw.line([(x0, y0), (x1, y1)], fill=PASTELS["butter"], width=round(2 + 16 * t1))
    # The mile marker: a post and a teal sign with the mile's number.
    mile = mile or rng.randint(1, 26)
    side = 1 if rng.random() < 0.5 else -1
    px = w / 2 + side * w * 0.3
    base = h * 0.74
    draw.rectangle([px - w * 0.008, base - h * 0.2, px + w * 0.008, base], fill=mix(TEXT, BORDER, 0.3))
    sign = [px - w * 0.075, base - h * 0.3, px + w * 0.075, base - h * 0.18]
    draw.rounded_rectangle(sign, radius=w * 0.015, fill=ACCENT, outline=WHITE, width=round(w * 0.006))
    label = font(h * 0.028)
    draw.text(
        ((sign[0] + sign[2]) / 2, sign[1] + (sign[3] - sign[1]) * 0.3), "MILE", fill=WHITE, font=label, anchor="mm"
    )
    draw.text(
        ((sign[0] + sign[2]) / 2, sign[1] + (sign[3] - sign[1]) * 0.68),
        str(mile),
        fill=WHITE,
        font=font(h * 0.05),
        anchor="mm",
    )
    # The runner, in the brand's purple, mid-stride.
    stride = rng.choice([-1, 1]) * rng.uniform(0.7, 1.0)
    detail = rng.choice(["ponytail", "cap", None])
    unit = min(w, h) * 0.095
    draw_runner(
        draw,
        (w * 0.5 - side * w * 0.04, h * 0.58),
        unit,
        BRAND_DARK,
        mix(BRAND, WHITE, 0.25),
        stride,
        rng.uniform(8, 16),
        detail,
    )
    description = f"An illustration of a runner in purple on a road {sky_name}, passing a teal marker for mile {mile}."
    return Illustration(finish(canvas, size), description, size)


TRIBUTE_SCHEMES = [
    ("lavender", "blush", BRAND),
    ("mint", "sky", ACCENT),
    ("peach", "butter", (176, 96, 72)),
    ("blush", "lavender", BRAND),
    ("sky", "lavender", (60, 92, 140)),
    ("butter", "mint", ACCENT),
]

TRIBUTE_MOTIFS = ["footprints", "heart", "hand", "moon"]


def scatter(draw, rng, w, h, colour, count, avoid):
    """Small stars and dots spread over the picture, away from the main motif's centre."""
    cx, cy, radius = avoid
    for _ in range(count):
        for _attempt in range(10):
            x, y = rng.uniform(0.06, 0.94) * w, rng.uniform(0.06, 0.94) * h
            if math.hypot(x - cx, y - cy) > radius:
                break
        r = min(w, h) * rng.uniform(0.012, 0.03)
        if rng.random() < 0.55:
            draw.polygon(star_points(x, y, r, rotation=rng.uniform(0, math.tau)), fill=colour)
        else:
            draw.ellipse([x - r * 0.45, y - r * 0.45, x + r * 0.45, y + r * 0.45], fill=colour)


def footprint(draw, cx, cy, length, angle, colour, mirror=False):
    """A baby's footprint: a sole and five toes, `angle` its tilt in radians."""
    cos, sin = math.cos(angle), math.sin(angle)
    flip = -1 if mirror else 1

    def at(dx, dy):
        dx *= flip
        return cx + dx * cos - dy * sin, cy + dx * sin + dy * cos

    sole = [(0.0, 0.18, 0.22, 0.3), (0.03, -0.12, 0.26, 0.24)]  # heel and ball: offset x, y, rx, ry
    for ox, oy, rx, ry in sole:
        x, y = at(ox * length, oy * length)
        draw.polygon(ellipse_points(x, y, rx * length, ry * length, angle), fill=colour)
    toes = [
        (-0.2, -0.42, 0.085),
        (-0.05, -0.46, 0.075),
        (0.08, -0.44, 0.068),
        (0.19, -0.39, 0.06),
        (0.28, -0.31, 0.052),
    ]
    for ox, oy, r in toes:
        x, y = at(ox * length, oy * length)
        draw.ellipse([x - r * length, y - r * length, x + r * length, y + r * length], fill=colour)


def tiny_hand(draw, cx, cy, size, colour):
    """A small open hand: a rounded palm, four fingers and a thumb."""
    draw.rounded_rectangle(
        [cx - size * 0.3, cy - size * 0.1, cx + size * 0.3, cy + size * 0.45], radius=size * 0.22, fill=colour
    )
    width = size * 0.15
    for i, (dx, length) in enumerate([(-0.22, 0.38), (-0.07, 0.46), (0.08, 0.44), (0.22, 0.36)]):
        tilt = (i - 1.5) * 0.08
        start = (cx + dx * size, cy - size * 0.05)
        end = (start[0] + math.sin(tilt) * length * size, start[1] - math.cos(tilt) * length * size)
        thick_line(draw, [start, end], colour, width)
    thick_line(draw, [(cx - size * 0.22, cy + size * 0.2), (cx - size * 0.52, cy - size * 0.02)], colour, width * 1.05)


def crescent(draw, cx, cy, r, colour, background):
    """A crescent moon: the full disc, then a disc of the background's colour over part of it."""
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=colour)
    ox, oy = cx + r * 0.45, cy - r * 0.25
    draw.ellipse([ox - r * 0.85, oy - r * 0.85, ox + r * 0.85, oy + r * 0.85], fill=background)


def tribute(seed, size=(800, 800), motif=None):
    """Soft shapes for a baby's tribute, in one of six pastel pairs; `motif` picks the main shape."""
    rng = seeded("tribute", seed)
    w, h = size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE
    first, second, ink = TRIBUTE_SCHEMES[seed % len(TRIBUTE_SCHEMES)]
    motif = motif or TRIBUTE_MOTIFS[(seed // len(TRIBUTE_SCHEMES) + seed) % len(TRIBUTE_MOTIFS)]
    top, bottom = PASTELS[first], PASTELS[second]
    canvas = gradient((w, h), top, bottom)
    draw = ImageDraw.Draw(canvas)
    soft = mix(ink, WHITE, 0.55)
    softer = mix(ink, WHITE, 0.78)
    cx, cy, m = w / 2, h / 2, min(w, h)
    # A large pale circle behind the motif, a little off centre.
    halo = m * rng.uniform(0.3, 0.36)
    hx, hy = cx + rng.uniform(-0.04, 0.04) * m, cy + rng.uniform(-0.04, 0.04) * m
    draw.ellipse([hx - halo, hy - halo, hx + halo, hy + halo], fill=mix(mix(top, bottom, 0.5), WHITE, 0.55))
    scatter(draw, rng, w, h, softer, rng.randint(9, 15), (cx, cy, m * 0.38))
    if motif == "footprints":
        tilt = rng.uniform(-0.25, 0.1)
        footprint(draw, cx - m * 0.1, cy + m * 0.06, m * 0.34, tilt - 0.12, soft, mirror=True)
        footprint(draw, cx + m * 0.11, cy - m * 0.05, m * 0.34, tilt + 0.12, ink)
        what = "two small footprints"
    elif motif == "heart":
        draw.polygon(heart_points(cx, cy + m * 0.02, m * 0.26), fill=soft)
        draw.polygon(heart_points(cx + m * 0.02, cy + m * 0.015, m * 0.16), fill=ink)
        draw.polygon(star_points(cx + m * 0.24, cy - m * 0.22, m * 0.05), fill=SUN)
        what = "a heart within a heart and a golden star"
    elif motif == "hand":
        draw.polygon(heart_points(cx, cy + m * 0.03, m * 0.3), fill=softer)
        tiny_hand(draw, cx, cy + m * 0.02, m * 0.34, ink)
        what = "a small hand inside a pale heart"
    else:
        halo_colour = mix(mix(top, bottom, 0.5), WHITE, 0.55)
        crescent(draw, cx - m * 0.04, cy, m * 0.2, soft, halo_colour)
        for dx, dy, r in [(0.17, -0.12, 0.05), (0.22, 0.08, 0.03), (0.08, 0.2, 0.025)]:
            draw.polygon(star_points(cx + dx * m, cy + dy * m, r * m), fill=SUN if r > 0.04 else ink)
        what = "a crescent moon and three stars"
    description = f"An illustration of {what} on a soft {first} and {second} background, with scattered stars."
    return Illustration(finish(canvas, size), description, size)


PRESS_BACKGROUNDS = [
    ("purple", BRAND, BRAND_DARK),
    ("teal", ACCENT, mix(ACCENT, TEXT, 0.4)),
    ("lavender", PASTELS["lavender"], mix(PASTELS["lavender"], BRAND, 0.25)),
    ("dark blue", mix(TEXT, BRAND_DARK, 0.3), TEXT),
]


def text_lines(draw, rng, box, colour, rows, width):
    x0, y0, x1, y1 = box
    step = (y1 - y0) / rows
    for i in range(rows):
        end = x1 if i < rows - 1 else x0 + (x1 - x0) * rng.uniform(0.3, 0.8)
        y = y0 + i * step
        draw.rounded_rectangle([x0, y, end, y + width], radius=width / 2, fill=colour)


def newspaper(draw, rng, w, h):
    x0, y0, x1, y1 = w * 0.24, h * 0.14, w * 0.76, h * 0.9
    draw.rounded_rectangle(
        [x0 + w * 0.015, y0 + h * 0.03, x1 + w * 0.015, y1 + h * 0.03], radius=w * 0.01, fill=mix(TEXT, BRAND_DARK, 0.5)
    )
    draw.rounded_rectangle([x0, y0, x1, y1], radius=w * 0.01, fill=SURFACE)
    pad = w * 0.025
    draw.rectangle([x0 + pad, y0 + pad, x1 - pad, y0 + pad + h * 0.07], fill=BRAND)
    draw.line([(x0 + pad, y0 + pad + h * 0.095), (x1 - pad, y0 + pad + h * 0.095)], fill=TEXT, width=round(h * 0.006))
    headline = y0 + pad + h * 0.13
    text_lines(draw, rng, (x0 + pad, headline, x1 - pad, headline + h * 0.12), TEXT, 2, h * 0.035)
    body_top = headline + h * 0.16
    middle = (x0 + x1) / 2
    # A picture box (left or right) with a runner or a heart in it, and a column of text beside it.
    left = rng.random() < 0.5
    box = [x0 + pad, body_top, middle - pad / 2, y1 - pad] if left else [middle + pad / 2, body_top, x1 - pad, y1 - pad]
    column = (
        (middle + pad / 2, body_top, x1 - pad, y1 - pad * 1.5)
        if left
        else (x0 + pad, body_top, middle - pad / 2, y1 - pad * 1.5)
    )
    draw.rectangle(box, fill=mix(ACCENT, WHITE, 0.2))
    centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    if rng.random() < 0.5:
        draw_runner(
            draw,
            (centre[0], box[1] + (box[3] - box[1]) * 0.56),
            (box[3] - box[1]) * 0.14,
            SURFACE,
            mix(SURFACE, ACCENT, 0.35),
            rng.choice([-1, 1]) * 0.9,
            12,
        )
        picture = "a runner"
    else:
        draw.polygon(heart_points(*centre, (box[3] - box[1]) * 0.3), fill=SURFACE)
        picture = "a heart"
    text_lines(draw, rng, column, BORDER, 9, h * 0.018)
    return f"a newspaper whose front page shows {picture}"


def television(draw, rng, w, h):
    x0, y0, x1, y1 = w * 0.22, h * 0.12, w * 0.78, h * 0.78
    draw.rounded_rectangle([x0, y0, x1, y1], radius=w * 0.03, fill=TEXT)
    inset = w * 0.02
    screen = [x0 + inset, y0 + inset, x1 - inset, y1 - inset]
    canvas_top, canvas_bottom = PASTELS["butter"], PASTELS["blush"]
    for i in range(12):
        band = [
            screen[0],
            screen[1] + (screen[3] - screen[1]) * i / 12,
            screen[2],
            screen[1] + (screen[3] - screen[1]) * (i + 1) / 12,
        ]
        draw.rectangle(band, fill=mix(canvas_top, canvas_bottom, i / 11))
    # The course's line across the screen and a lower third.
    points = []
    for i in range(41):
        x = screen[0] + (screen[2] - screen[0]) * i / 40
        points.append(
            (
                x,
                screen[1]
                + (screen[3] - screen[1]) * (0.45 + 0.12 * math.sin(i / 40 * math.tau * 1.3 + rng.uniform(0, 0.2))),
            )
        )
    draw.line(points, fill=BRAND, width=round(h * 0.02), joint="curve")
    for i in range(0, 41, 8):
        x, y = points[i]
        r = h * 0.018
        draw.ellipse([x - r, y - r, x + r, y + r], fill=WHITE, outline=ACCENT, width=round(r * 0.5))
    lower = [
        screen[0],
        screen[3] - (screen[3] - screen[1]) * 0.22,
        screen[2] - (screen[2] - screen[0]) * 0.3,
        screen[3] - (screen[3] - screen[1]) * 0.06,
    ]
    draw.rectangle(lower, fill=BRAND)
    text_lines(
        draw,
        rng,
        (lower[0] + w * 0.02, lower[1] + h * 0.03, lower[2] - w * 0.04, lower[3] - h * 0.02),
        WHITE,
        2,
        h * 0.018,
    )
    draw.polygon(
        [(w * 0.42, y1), (w * 0.58, y1), (w * 0.62, h * 0.88), (w * 0.38, h * 0.88)], fill=mix(TEXT, BORDER, 0.2)
    )
    return "a television showing the race course with a news caption"


def microphone(draw, rng, w, h, colour):
    cx = w * 0.5
    top, bottom = h * 0.12, h * 0.58
    width = w * 0.1
    draw.rounded_rectangle([cx - width / 2, top, cx + width / 2, bottom], radius=width / 2, fill=SURFACE)
    for i in range(1, 7):
        y = top + (bottom - top) * i / 7.5
        draw.line([(cx - width * 0.38, y), (cx + width * 0.38, y)], fill=BORDER, width=round(h * 0.008))
    draw.arc(
        [cx - width * 0.9, top + h * 0.12, cx + width * 0.9, bottom + h * 0.12],
        0,
        180,
        fill=SURFACE,
        width=round(h * 0.02),
    )
    draw.rectangle([cx - w * 0.006, bottom + h * 0.12, cx + w * 0.006, h * 0.85], fill=SURFACE)
    draw.rounded_rectangle([cx - w * 0.08, h * 0.84, cx + w * 0.08, h * 0.88], radius=h * 0.02, fill=SURFACE)
    # Sound waves on both sides.
    for side in (-1, 1):
        for i in range(1, 4):
            r = w * (0.07 + 0.05 * i)
            box = [cx - r, (top + bottom) / 2 - r, cx + r, (top + bottom) / 2 + r]
            start, end = (-40, 40) if side == 1 else (140, 220)
            draw.arc(box, start, end, fill=colour, width=round(h * 0.014))
    return "a studio microphone sending out sound waves"


def headphones(draw, rng, w, h, colour):
    cx, cy = w * 0.5, h * 0.46
    r = h * 0.28
    draw.arc([cx - r, cy - r, cx + r, cy + r], 180, 360, fill=SURFACE, width=round(h * 0.04))
    for side in (-1, 1):
        x = cx + side * r
        draw.rounded_rectangle(
            [x - w * 0.035, cy - h * 0.02, x + w * 0.035, cy + h * 0.2], radius=w * 0.02, fill=SURFACE
        )
    # A waveform underneath.
    bars = 27
    for i in range(bars):
        x = w * 0.22 + (w * 0.56) * i / (bars - 1)
        height = h * (0.03 + 0.1 * abs(math.sin(i * 0.7 + rng.uniform(0, 0.6))))
        draw.rounded_rectangle(
            [x - w * 0.005, h * 0.82 - height, x + w * 0.005, h * 0.82 + height], radius=w * 0.005, fill=colour
        )
    return "a pair of headphones above a sound wave"


def press(seed, coverage="article", size=(1200, 630)):
    """A motif for a piece of coverage: a newspaper (articles), a television, a microphone (radio) or headphones
    (podcasts), on one of four backgrounds."""
    rng = seeded("press", seed)
    w, h = size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE
    name, top, bottom = PRESS_BACKGROUNDS[seed % len(PRESS_BACKGROUNDS)]
    canvas = gradient((w, h), top, bottom)
    draw = ImageDraw.Draw(canvas)
    dark = sum(top) < 400
    pattern = mix(top, WHITE if dark else BRAND, 0.12)
    for _ in range(rng.randint(14, 20)):
        x, y, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.01, 0.04) * h
        draw.ellipse([x - r, y - r, x + r, y + r], fill=pattern)
    waves = SUN if dark else BRAND
    if coverage == "tv":
        what = television(draw, rng, w, h)
    elif coverage == "radio":
        what = microphone(draw, rng, w, h, waves)
    elif coverage == "podcast":
        what = headphones(draw, rng, w, h, waves)
    else:
        what = newspaper(draw, rng, w, h)
    return Illustration(finish(canvas, size), f"An illustration of {what}, on a {name} background.", size)


def course_points(rng, w, h, top, bottom, count=27):
    """The course as a winding line from left to right; returns its points and the mile markers' points."""
    phase, waves = rng.uniform(0, math.tau), rng.uniform(1.1, 1.8)
    line = []
    for i in range(161):
        t = i / 160
        x = w * (0.06 + 0.88 * t)
        y = top + (bottom - top) * (0.5 + 0.42 * math.sin(phase + waves * math.tau * t) * (0.6 + 0.4 * math.cos(t * 3)))
        line.append((x, y))
    # Mile markers evenly along the line's length; the last point is the finish at 26.2.
    lengths = [0.0]
    for a, b in zip(line, line[1:], strict=False):
        lengths.append(lengths[-1] + math.dist(a, b))
    total = lengths[-1]
    markers, j = [], 0
    for mile in range(1, count):
        target = total * mile / 26.2
        while lengths[j + 1] < target:
            j += 1
        f = (target - lengths[j]) / (lengths[j + 1] - lengths[j])
        markers.append(mix(line[j], line[j + 1], f))
    return line, markers


def course(seed, size=(1600, 700), runners=0):
    """The race as a winding course with its 26 mile markers and the finish flag; `runners` adds that many
    small runners on it (the home page's sunrise)."""
    rng = seeded("course", seed)
    w, h = size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE
    sky_name, top, bottom = SKIES[seed % len(SKIES)]
    canvas = gradient((w, h), top, bottom)
    draw = ImageDraw.Draw(canvas)
    sun_r = h * (0.2 if runners else 0.12)
    sun_x = w * rng.uniform(0.6, 0.82) if not runners else w * 0.5
    sun_y = h * (0.5 if runners else rng.uniform(0.18, 0.28))
    draw.ellipse([sun_x - sun_r, sun_y - sun_r, sun_x + sun_r, sun_y + sun_r], fill=SUN)
    for row, (colour, base, height) in enumerate(
        [
            (mix(BORDER, BRAND, 0.12), 0.5, 0.12),
            (mix(PASTELS["mint"], ACCENT, 0.25), 0.6, 0.08),
            (mix(PASTELS["mint"], ACCENT, 0.45), 0.72, 0.06),
        ]
    ):
        phase, waves = rng.uniform(0, math.tau), rng.uniform(1.0, 2.2) + row * 0.5
        crest = [
            (x, h * base - h * height * (0.5 + 0.5 * math.sin(phase + waves * math.tau * x / w)))
            for x in range(0, w + 24, 24)
        ]
        draw.polygon([*crest, (w, h), (0, h)], fill=colour)
    line, markers = course_points(rng, w, h, h * 0.5, h * 0.9)
    draw.line(line, fill=WHITE, width=round(h * 0.05), joint="curve")
    draw.line(line, fill=BRAND, width=round(h * 0.025), joint="curve")
    label = font(h * 0.03)
    for mile, (x, y) in enumerate(markers, start=1):
        big = mile % 5 == 0 or mile == 1
        r = h * (0.024 if big else 0.014)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=WHITE, outline=ACCENT, width=round(h * 0.007))
        if big:
            draw.text((x, y - r - h * 0.012), str(mile), fill=TEXT, font=label, anchor="md")
    # The finish: a chequered flag at 26.2.
    fx, fy = line[-1]
    pole = h * 0.16
    draw.rectangle([fx - h * 0.004, fy - pole, fx + h * 0.004, fy], fill=TEXT)
    cell = h * 0.022
    for row in range(3):
        for col in range(4):
            colour = TEXT if (row + col) % 2 == 0 else WHITE
            x0, y0 = fx + h * 0.004 + col * cell, fy - pole + row * cell
            draw.rectangle([x0, y0, x0 + cell, y0 + cell], fill=colour)
    for i in range(runners):
        x, y = markers[6 + i * 5]
        draw_runner(
            draw,
            (x, y - h * 0.1),
            h * 0.045,
            BRAND_DARK,
            mix(BRAND, WHITE, 0.3),
            (-1) ** i * 0.85,
            12,
            ["ponytail", "cap", None][i % 3],
        )
    if runners:
        what = f"{runners} runners on a winding course at sunrise, with mile markers and a chequered finish flag"
    else:
        what = f"a winding race course {sky_name}, with 26 mile markers and a chequered finish flag at 26.2"
    return Illustration(finish(canvas, size), f"An illustration of {what}.", size)


KINDS = {"runner": runner, "tribute": tribute, "press": press, "course": course}


def illustrate(kind, seed, size, **options):
    """The illustration of `kind` ("runner", "tribute", "press" or "course") for `seed`, at `size`."""
    return KINDS[kind](seed, size=size, **options)
