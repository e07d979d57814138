#!/bin/sh
# build.sh copies the bundled fonts from the Debian packages fonts-noto-core
# and fonts-noto-cjk, and builds the CJK subset (fonttools). Run by
# `make fonts` on a developer's machine, never by CI: the outputs are
# committed. Needs: apt-get install fonts-noto-core fonts-noto-cjk fonttools
set -eu
cd "$(dirname "$0")"
core=/usr/share/fonts/truetype/noto
cjk=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

for f in NotoSerif-Regular NotoSerif-Bold NotoSans-Regular NotoSans-Bold \
	NotoNaskhArabic-Regular NotoNaskhArabic-Bold NotoSansHebrew-Regular \
	NotoSansDevanagari-Regular NotoSansOriya-Regular NotoSansTamil-Regular; do
	cp "$core/$f.ttf" "$f.ttf"
done

# The characters of the CJK subset: GB2312 (6,763 hanzi, the simplified
# Chinese set), the 2,965 level-1 kanji of JIS X 0208 (the common
# Japanese set, which holds nearly all jōyō kanji), kana, CJK symbols and
# punctuation, fullwidth forms, Latin-1. Only the kern feature is kept, so
# the subset does not pull in the Japanese, Korean and vertical variants.
/usr/bin/python3 - >cjk-chars.txt <<'PY'
import sys
cps = set(range(0x20, 0x7f)) | set(range(0xa0, 0x100))
cps |= set(range(0x3000, 0x3100))      # CJK punctuation, hiragana, katakana
cps |= set(range(0x31f0, 0x3200))      # katakana phonetic extensions
cps |= set(range(0xff00, 0xfff0))      # halfwidth and fullwidth forms
for codec, rows in (("gb2312", range(0xa1, 0xf8)), ("euc_jp", range(0xa1, 0xd0))):
    for hi in rows:
        for lo in range(0xa1, 0xff):
            try:
                s = bytes([hi, lo]).decode(codec)
            except UnicodeDecodeError:
                continue
            cps.update(ord(c) for c in s)
print(",".join("U+%04X" % c for c in sorted(cps)))
PY
pyftsubset "$cjk" --font-number=2 --unicodes-file=cjk-chars.txt \
	--layout-features=kern --no-hinting --desubroutinize \
	--name-IDs='*' --output-file=cjk-cff.otf
/usr/bin/python3 cff2glyf.py cjk-cff.otf NotoSansCJKsc-Subset.ttf
rm -f cjk-cff.otf cjk-chars.txt
ls -l *.ttf

# OFL.txt: the licence as Debian ships it in fonts-noto-cjk's copyright file
# (the same SIL Open Font License 1.1 that fonts-noto-core states).
{
	echo "The fonts in this directory are licensed under the SIL Open Font License 1.1."
	echo "Noto Serif, Noto Sans, Noto Naskh Arabic, Noto Sans Hebrew, Devanagari, Oriya, Tamil"
	echo "(Debian fonts-noto-core): Copyright 2010, 2012-2020 Google Inc.; 2015-2020 Google LLC."
	echo "Noto Sans CJK SC (Debian fonts-noto-cjk; here subset and converted to TrueType"
	echo "outlines, a Modified Version under the licence): Copyright 2010-2012 Google Corporation;"
	echo "Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'."
	echo
	awk '/^License: SIL-1.1$/ {n++; next} n==2 && /^[^ ]/ {exit} n==2 {sub(/^ /, ""); if ($0 == ".") $0 = ""; print}' \
		/usr/share/doc/fonts-noto-cjk/copyright
} >OFL.txt
