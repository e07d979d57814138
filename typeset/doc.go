// Package typeset lays out one line or one paragraph of text in any script
// with fonts bundled in the binary: it picks a face per run by script and
// coverage, shapes each run with HarfBuzz (go-text/typesetting), orders the
// runs visually by the Unicode bidirectional algorithm, and gives the glyphs
// (with the source text of each cluster) or their outlines.
//
// The bundled fonts (typeset/fonts, SIL Open Font License) are Noto Serif and
// Noto Sans (Latin, Greek, Cyrillic), Noto Naskh Arabic, Noto Sans Hebrew,
// Devanagari, Oriya and Tamil, and a subset of Noto Sans CJK SC (common
// Chinese and Japanese characters). A font directory given to [New] is
// searched for TrueType faces covering what those lack.
//
// typeset owns fonts, shaping and line breaking; it knows nothing of PDF,
// pages or credentials (package certificate draws with it).
package typeset
