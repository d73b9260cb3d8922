# SPDX-License-Identifier: MIT
"""Draw the app icon (resources/icons/jiedao-desk-{256,48,32}.png and jiedao-desk.ico).

Run ``python installers/make_icon.py`` after changing the drawing; the generated files are
committed so a build never needs Pillow's drawing step. Only shapes, no text: a CJK font is
not guaranteed on the build machine, and a character would be unreadable at 32 px anyway.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"
NAME = "jiedao-desk"
PNG_SIZES = (256, 48, 32)
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
BLUE = (31, 86, 160, 255)
WHITE = (255, 255, 255, 255)
RED = (200, 40, 40, 255)
S = 1024  # drawn large, then scaled down with a good filter (cheap anti-aliasing)


def draw() -> Image.Image:
    """Return the 1024 px master image: a civic building on blue, with a red seal dot.

    Returns:
        The RGBA master image.
    """
    img = Image.new("RGBA", (S, S), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((32, 32, S - 32, S - 32), radius=190, fill=BLUE)
    # Roof (pediment), architrave, four columns and a two-step base: reads as "office".
    d.polygon([(512, 170), (860, 380), (164, 380)], fill=WHITE)
    d.rectangle((200, 400, 824, 450), fill=WHITE)
    for x in (250, 405, 560, 715):
        d.rectangle((x, 480, x + 60, 720), fill=WHITE)
    d.rectangle((200, 745, 824, 790), fill=WHITE)
    d.rectangle((160, 810, 864, 860), fill=WHITE)
    d.ellipse((740, 130, 900, 290), fill=RED, outline=WHITE, width=22)
    return img


def main() -> None:
    """Write the PNGs and the multi-size .ico into resources/icons/."""
    OUT.mkdir(parents=True, exist_ok=True)
    master = draw()
    for size in PNG_SIZES:
        master.resize((size, size), Image.LANCZOS).save(OUT / f"{NAME}-{size}.png", optimize=True)
    master.resize((256, 256), Image.LANCZOS).save(OUT / f"{NAME}.ico", sizes=ICO_SIZES)
    print(f"icons written to {OUT}")


if __name__ == "__main__":
    main()
