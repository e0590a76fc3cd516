"""Table rules off a scanned page before Tesseract reads it.

Tesseract (``--psm 6``) reads the cells of a ruled table badly: the column of labels
between two vertical rules comes out empty ("Hari/Tanggal | Selasa ..." turns into
"Selasa ..."), and then the values have no labels. Long straight dark runs are rules, not
letters: found by averaging the page over long boxes (a rule stays dark, text turns
grey), they are painted white. Only pages with a vertical rule (a table; a letterhead's
line is horizontal) are rewritten, so a page without a table costs one look.
"""

import tempfile
from pathlib import Path

from PIL import Image, ImageChops, ImageFilter

# A rule is dark over this many pixels in a row (at 200-300 dpi: 7-10 mm).
SPAN = 80
DARK = 80


def _rule_mask(grey: Image.Image, size: tuple[int, int]) -> Image.Image:
    small = grey.resize(size, Image.BOX).point(lambda v: 255 if v < DARK else 0)
    return small.resize(grey.size, Image.NEAREST)


def without_rules(path: str | Path, folder: Path) -> Path:
    """``path`` itself, or a copy in ``folder`` with the table rules painted white."""
    source = Path(path)
    try:
        image = Image.open(source)
        image.load()
    except OSError:
        return source  # Tesseract reports what it cannot read
    with image:
        grey = image.convert("L")
    width, height = grey.size
    vertical = _rule_mask(grey, (width, max(1, height // SPAN)))
    if vertical.getbbox() is None:
        return source
    horizontal = _rule_mask(grey, (max(1, width // SPAN), height))
    rules = ImageChops.lighter(vertical, horizontal).filter(ImageFilter.MaxFilter(3))
    cleaned = ImageChops.lighter(grey, rules)
    with tempfile.NamedTemporaryFile(dir=folder, suffix="-norules.tif", delete=False) as out:
        cleaned.save(out, format="TIFF")
    return Path(out.name)
