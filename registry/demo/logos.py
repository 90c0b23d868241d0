"""Logos for a few demo communities, drawn with Pillow: a round emblem in a colour of
the community's own, a motif (leaf, waves, hills or rings) and its acronym. The same
name always gives the same PNG bytes, so the demo stays deterministic."""

import hashlib
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

SIZE = 160
# Every LOGO_EVERY-th demo community (by its place in data.COMMUNITIES) gets a logo.
LOGO_EVERY = 8
PALETTES = [
    ((29, 92, 74), (166, 214, 180)),
    ((0, 84, 147), (150, 200, 235)),
    ((140, 60, 20), (245, 200, 120)),
    ((90, 40, 120), (210, 180, 235)),
    ((20, 100, 110), (240, 220, 140)),
    ((150, 30, 60), (250, 190, 190)),
]


def has_logo(index):
    return index % LOGO_EVERY == 2


def _leaf(draw, colour):
    draw.ellipse((52, 40, 108, 112), fill=colour)
    draw.line((80, 44, 80, 116), fill=(255, 255, 255), width=4)


def _waves(draw, colour):
    for y in (56, 76, 96):
        draw.arc((36, y - 14, 84, y + 14), 200, 340, fill=colour, width=7)
        draw.arc((76, y - 14, 124, y + 14), 20, 160, fill=colour, width=7)


def _hills(draw, colour):
    draw.polygon([(34, 112), (70, 52), (96, 92), (110, 72), (128, 112)], fill=colour)
    draw.ellipse((98, 38, 118, 58), fill=colour)


def _rings(draw, colour):
    for box, width in (((44, 36, 116, 108), 7), ((60, 52, 100, 92), 7)):
        draw.ellipse(box, outline=colour, width=width)
    draw.ellipse((74, 66, 86, 78), fill=colour)


MOTIFS = [_leaf, _waves, _hills, _rings]


def logo_png(name, acronym):
    """The PNG bytes of a logo for the community called ``name``."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    dark, light = PALETTES[digest[0] % len(PALETTES)]
    motif = MOTIFS[digest[1] % len(MOTIFS)]
    image = Image.new("RGB", (SIZE, SIZE), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, SIZE - 4, SIZE - 4), fill=dark)
    motif(draw, light)
    text = (acronym or name)[:6]
    font = ImageFont.load_default(size=22)
    left, _top, right, _bottom = draw.textbbox((0, 0), text, font=font)
    draw.text(((SIZE - (right - left)) / 2, 120), text, font=font, fill=(255, 255, 255))
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()


def logo_upload(spec):
    """The logo as the registration form receives an upload."""
    return SimpleUploadedFile("logo.png", logo_png(spec.name, spec.acronym), "image/png")
