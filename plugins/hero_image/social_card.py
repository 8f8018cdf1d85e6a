"""A 1200x630 PNG social card (title, authors, site name) for posts without a raster image.

Links shared on Bluesky, Mastodon, X or LinkedIn show a large image when the page names
one; without it they are a bare line of text. Cards are drawn with Pillow in a font that is
always there (DejaVu Sans when the system has it, else the font Pillow ships), are the same
bytes for the same inputs, and are drawn again only when those inputs (or the plugin's
code) change: the build's memo (``meded_core.incremental``) knows what each card file was
drawn from.
"""

from __future__ import annotations

from dataclasses import dataclass
import functools
import os
from pathlib import Path

from meded_core import incremental
from meded_core.build_outputs import claim
from meded_core.incremental import code_of

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
BACKGROUND = (11, 93, 87)  # the theme's accent colour
FOREGROUND = (255, 255, 255)
# A card is drawn as shades from the background to white: 255 is the title, SUBTLE (a light
# tint) the authors and the bottom rule. Its PNG holds a palette of LEVELS such shades, one
# byte a pixel, so writing it costs a third of an RGB image and the file is 60% smaller,
# while the anti-aliased edges stay smooth; the same inputs always give the same bytes.
SUBTLE = 214
LEVELS = 32
PALETTE = [
    round(back + (fore - back) * level / (LEVELS - 1))
    for level in range(LEVELS)
    for back, fore in zip(BACKGROUND, FOREGROUND, strict=True)
]
TO_LEVEL = [round(shade * (LEVELS - 1) / 255) for shade in range(256)]
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))


@dataclass(frozen=True)
class Card:
    title: str
    authors: str
    site: str

    def key(self, font: str) -> str:
        return incremental.digest(code_of(__file__), self.title, self.authors, self.site, font)


def font_file(bold: bool) -> str:
    """DejaVu Sans if installed, else "" (Pillow's own font)."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        if (folder / name).is_file():
            return str(folder / name)
    return ""


@functools.lru_cache(maxsize=64)
def _font(path: str, size: int):
    """Fonts are loaded once per size and build: loading is most of a card's cost."""
    from PIL import ImageFont

    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size)


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _fit_title(draw, title: str, path: str, width: int):
    """The largest size (72 down to 40 px) at which the title fits in four lines."""
    for size in range(72, 39, -4):
        font = _font(path, size)
        lines = _wrap(draw, title, font, width)
        if len(lines) <= 4:
            return font, lines, size
    lines = _wrap(draw, title, font, width)[:4]
    lines[-1] = lines[-1].rstrip(".,;:") + "\u2026"
    return font, lines, 40


def draw_card(card: Card) -> bytes:
    from io import BytesIO

    from PIL import Image, ImageDraw

    bold, regular = font_file(True), font_file(False)
    image = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN
    draw.rectangle((0, HEIGHT - 16, WIDTH, HEIGHT), fill=SUBTLE)
    font, lines, size = _fit_title(draw, card.title, bold, inner)
    y = MARGIN + 40
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=255)
        y += int(size * 1.2)
    if card.authors:
        small = _font(regular, 34)
        for line in _wrap(draw, card.authors, small, inner)[:2]:
            y += 8
            draw.text((MARGIN, y + 16), line, font=small, fill=SUBTLE)
            y += 42
    site_font = _font(bold, 36)
    draw.text((MARGIN, HEIGHT - MARGIN - 40), card.site, font=site_font, fill=255)
    card_image = image.point(TO_LEVEL)
    card_image.putpalette(PALETTE)  # shades become colours: a palette ("P") image
    buffer = BytesIO()
    card_image.save(buffer, format="PNG")  # optimize=True: 8x slower for 15% smaller files
    return buffer.getvalue()


def write_card(card: Card, target: Path) -> bool:
    """Put the card at ``target``; True when it had to be drawn (False: it is there)."""
    key = card.key(font_file(True) + "|" + font_file(False))
    claim(target)  # part of this build even when left as it is (end-of-build pruning)
    if incremental.memo().output_is_current(target, key):
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(target, draw_card(card))
    incremental.memo().output_written(target, key)
    return True


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
