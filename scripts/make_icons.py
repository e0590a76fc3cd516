"""Draw the app's icons (PNG, with Pillow) into pwa/static/pwa/: a palm leaf (lontar) on
the theme colour. Run after changing the design: ``uv run python scripts/make_icons.py``.
The files are committed; nothing runs this at build time."""

from pathlib import Path

from PIL import Image, ImageDraw

THEME = (11, 87, 108)  # #0b576c, the manifest's theme_color
LEAF = (255, 244, 214)
OUT = Path(__file__).resolve().parent.parent / "pwa" / "static" / "pwa"


def draw(size: int, *, maskable: bool) -> Image.Image:
    """A rounded tile (full bleed when maskable: the launcher cuts its own shape, and
    keeps only the middle 80 %, so the drawing stays inside that safe zone)."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if maskable:
        pen.rectangle((0, 0, size, size), fill=THEME)
    else:
        pen.rounded_rectangle((0, 0, size - 1, size - 1), radius=size // 5, fill=THEME)
    scale = 0.62 if maskable else 0.8
    inner = size * scale
    left = (size - inner) / 2
    top = (size - inner) / 2
    # A written lontar leaf: a long rounded strip with three lines of script.
    strip_h = inner * 0.34
    y0 = top + (inner - strip_h) / 2
    pen.rounded_rectangle(
        (left, y0, left + inner, y0 + strip_h), radius=int(strip_h / 2), fill=LEAF
    )
    for row in range(3):
        y = y0 + strip_h * (0.3 + 0.2 * row)
        pen.line(
            (left + inner * 0.14, y, left + inner * 0.86, y),
            fill=THEME,
            width=max(2, int(size / 64)),
        )
    # The cord through the leaf's hole.
    hole = strip_h * 0.12
    cx, cy = left + inner * 0.08, y0 + strip_h / 2
    pen.ellipse((cx - hole, cy - hole, cx + hole, cy + hole), fill=THEME)
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size, maskable=False).save(OUT / f"icon-{size}.png", optimize=True)
    draw(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)


if __name__ == "__main__":
    main()
