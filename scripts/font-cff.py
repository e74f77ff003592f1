#!/usr/bin/python3
"""Writes a TrueType font's glyphs again as CFF outlines: font-cff.py IN.ttf OUT.otf.

The screens draw LXGW WenKai through go-text/typesetting, which reads every
glyph of a TrueType (glyf) face into memory when the face is first used,
about 35 MiB and a tenth of a second a face, but reads a CFF face's glyphs
one by one when they are drawn. So the program carries each face twice: the
.ttf for the PDFs (gopdf embeds TrueType only) and this .otf for the screens.

The outlines are the same: a TrueType quadratic curve is exactly a cubic
one, and every other table (cmap, metrics, names, OS/2, GSUB, GPOS) is
copied unchanged; assets.TestScreenFontIsThePrintedFont checks each glyph.
The OFL counts a change of format as a Modified Version, which may not
use the font's Reserved Font Names ("LXGW", "霞鹜"): the converted faces are
named BranchDesk WenKai (BranchDesk 文楷). The copyright notice and the
licence stay as they are, and fonts/OFL.txt travels with them.

Run by `make fonts` (needs Debian's python3-fonttools and python3-cffsubr);
the output is committed, so neither builds nor CI need Python.
"""
import sys

import cffsubr
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTFont


# The names of the family and the face that carry a Reserved Font Name, and
# what they become.
RENAMED_IDS = (1, 3, 4, 6, 16, 17, 18, 21, 22)
RENAMES = (("LXGWWenKai", "BranchDeskWenKai"), ("LXGW WenKai", "BranchDesk WenKai"), ("霞鹜文楷", "BranchDesk 文楷"))
RESERVED = ("LXGW", "霞鹜")


def rename(names):
    for rec in names.names:
        if rec.nameID not in RENAMED_IDS:
            continue
        text = rec.toUnicode()
        for old, new in RENAMES:
            text = text.replace(old, new)
        if any(r in text for r in RESERVED):
            sys.exit(f"name {rec.nameID} still carries a Reserved Font Name: {text!r}")
        rec.string = text


def main(src, dst):
    font = TTFont(src, recalcTimestamp=False)
    glyphs = font.getGlyphSet()
    hmtx = font["hmtx"]
    charstrings = {}
    for name in font.getGlyphOrder():
        pen = T2CharStringPen(width=hmtx[name][0], glyphSet=glyphs)
        glyphs[name].draw(pen)
        charstrings[name] = pen.getCharString()
    names = font["name"]
    rename(names)
    info = {
        "FullName": names.getDebugName(4),
        "FamilyName": names.getDebugName(1),
        "Weight": names.getDebugName(2),
    }
    builder = FontBuilder(font=font)
    # TrueType-only tables: outlines, their index and hinting.
    for tag in ("glyf", "loca", "fpgm", "prep", "cvt ", "gasp", "hdmx", "LTSH", "VDMX"):
        if tag in font:
            del font[tag]
    font.sfntVersion = "OTTO"
    builder.isTTF = False
    builder.setupCFF(names.getDebugName(6), info, charstrings, {})
    builder.setupMaxp()  # version 0.5, as CFF fonts have it
    font["post"].formatType = 3.0  # CFF carries the glyph names
    # Strokes that repeat become subroutines: 23 MB a face becomes 17.6, and
    # Fyne copies the whole table into memory each time it loads a face.
    cffsubr.subroutinize(font)
    font.save(dst)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: font-cff.py IN.ttf OUT.otf")
    main(sys.argv[1], sys.argv[2])
