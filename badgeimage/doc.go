// Package badgeimage checks the badge images people upload and draws the
// default badge of an achievement that has none.
//
// An upload is a PNG or an SVG image (Open Badges 3.0 bakes credentials into
// these two formats only; a JPEG is refused, saying so). Check returns the
// image as it is to be stored and served:
//
//   - a PNG must decode, be at most MaxPNGBytes, and measure from
//     MinPNGSide to MaxPNGSide pixels each way; its size is read from the
//     header before any pixel is decoded, so a decompression bomb is refused
//     cheaply. A baked credential (an iTXt chunk "openbadgecredential") is
//     removed; every other chunk is kept as it was.
//   - an SVG is parsed with encoding/xml (which expands no entity beyond
//     XML's and HTML's named characters and fetches nothing) and written
//     again from its tokens, keeping only an allowlist of SVG elements and
//     attributes. Anything that could run code or fetch something is
//     refused with a message naming the construct and its line ("the SVG
//     has a <script> element at line 12; remove it"): scripts, on* event
//     handlers, <foreignObject>, <iframe>, <embed>, <object>, <audio>,
//     <video>, DOCTYPE and ENTITY declarations, processing instructions such
//     as xml-stylesheet, links (href, xlink:href) to anything but a
//     #fragment or a data:image/png, jpeg, gif or webp base64 URI, url() to
//     anything but a #fragment, @import and javascript: in styles, and
//     animations of href. What is inert but unknown — editor metadata
//     (Inkscape, Sodipodi), comments, <metadata>, attributes outside the
//     allowlist, a baked <openbadges:credential> — is dropped silently.
//     Refusing the dangerous constructs, rather than dropping them, tells
//     the uploader that the image will not look as it did; dropping the
//     inert ones keeps ordinary editor output acceptable.
//
// The served images carry a Content-Security-Policy that forbids scripts
// too (see package server), so a construct the sanitiser missed still
// cannot run.
//
// Default draws a round badge for an achievement without an image, as SVG
// and as a 512×512 PNG rasterised with golang.org/x/image/vector.
//
// It does not store images (package store does), bake credentials into
// them (package bake) or serve them (package server).
package badgeimage
