"""Build bipin/io/fonts/BipinSansSC-Regular.ttf from Debian's Noto Sans CJK SC.

Why: reportlab embeds only TrueType outlines, while Noto Sans CJK ships CFF
outlines in a 19 MB collection. This script takes the SC face, keeps the
characters of GB2312 (all 6763 hanzi and its symbols) plus ASCII, Latin-1,
general and CJK punctuation and full-width forms, and converts the cubic CFF
outlines to quadratic TrueType ones. The result is a few MB and is shipped in
the package, so a fresh machine renders Chinese PDFs with no fonts installed.

Run (fonttools is needed only here, not at run time):
    pip install fonttools
    python tools/make_cjk_font.py [/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc]
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, newTable

SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
TARGET = Path(__file__).resolve().parents[1] / "bipin" / "io" / "fonts" / "BipinSansSC-Regular.ttf"
FAMILY = "Bipin Sans SC"  # a renamed subset: the OFL reserves no name for Noto, but say it is ours


def gb2312_chars() -> set[str]:
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def wanted() -> set[int]:
    codes = {ord(c) for c in gb2312_chars()}
    ranges = [(0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2100, 0x218F), (0x2190, 0x21FF),
              (0x2200, 0x22FF), (0x2460, 0x24FF), (0x2500, 0x257F), (0x25A0, 0x25FF),
              (0x2600, 0x26FF), (0x3000, 0x303F), (0xFF00, 0xFFEF)]
    for lo, hi in ranges:
        codes.update(range(lo, hi + 1))
    return codes


def to_truetype(font) -> None:
    """Replace the CFF table with glyf/loca (quadratic curves, 1 unit tolerance)."""
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    maxp.maxComponentDepth = 0
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 3.0  # no glyph names: keeps the file small
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font) -> None:
    name = font["name"]
    for record in list(name.names):
        if record.nameID in (1, 4, 16):
            record.string = FAMILY if record.nameID != 4 else f"{FAMILY} Regular"
        elif record.nameID == 6:
            record.string = "BipinSansSC-Regular"
        elif record.nameID == 3:
            record.string = "BipinSansSC-Regular;subset of Noto Sans CJK SC 2.004"


def main(source: str = SOURCE) -> None:
    font = TTCollection(source).fonts[2]  # 0 JP, 1 KR, 2 SC, 3 TC, 4 HK
    assert "SC" in font["name"].getDebugName(4), "face 2 of the collection should be SC"
    options = subset.Options()
    options.layout_features = []  # no vertical or locale alternates: a report is horizontal SC
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.hinting = False
    options.desubroutinize = True
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted())
    subsetter.subset(font)
    for table in ("GSUB", "GPOS", "vhea", "vmtx", "VORG", "DSIG"):
        if table in font:
            del font[table]
    to_truetype(font)
    rename(font)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    font.save(TARGET)
    print(f"{TARGET}: {TARGET.stat().st_size / 1e6:.1f} MB, {len(font.getGlyphOrder())} glyphs")


if __name__ == "__main__":
    main(*sys.argv[1:])
