"""cff2glyf.py IN.otf OUT.ttf converts a CFF-flavoured OpenType font to
TrueType (glyf) outlines: each cubic curve becomes quadratic ones (cu2qu,
within 1 font unit), so the PDF writer has one kind of font to embed."""
import sys

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

src, dst = sys.argv[1], sys.argv[2]
font = TTFont(src, recalcTimestamp=False)
glyphs = font.getGlyphSet()
glyf = newTable("glyf")
glyf.glyphOrder = font.getGlyphOrder()
glyf.glyphs = {}
for name in glyf.glyphOrder:
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
for k in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
          "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
          "maxComponentElements", "maxComponentDepth"):
    setattr(maxp, k, 0)
maxp.maxZones = 1
font["head"].glyphDataFormat = 0
font["head"].indexToLocFormat = 1
post = font["post"]
post.formatType = 3.0
font.sfntVersion = "\x00\x01\x00\x00"
font.save(dst)
