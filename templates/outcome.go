package templates

import "strings"

// outcomeKind is the colour of an outcome, naming CSS classes: "pass"
// (green) for valid; "warn" (amber) for genuine but expired, revoked or
// suspended, and for an unconfirmed issuer; "fail" (red) for not valid;
// "skip" (grey) for cannot check, not a credential, and anything unknown.
func outcomeKind(o string) string {
	switch o {
	case OutcomeValid:
		return CheckPass
	case OutcomeExpired, OutcomeRevoked, OutcomeSuspended, OutcomeUnconfirmedIssuer:
		return CheckWarn
	case OutcomeInvalid:
		return CheckFail
	}
	return CheckSkip
}

// outcomeHeadline is the verdict's answer in words, without the facts
// the page adds to it ("Valid — issued by …").
func outcomeHeadline(o string) string {
	switch o {
	case OutcomeValid:
		return "Valid"
	case OutcomeExpired:
		return "Expired"
	case OutcomeRevoked:
		return "Revoked"
	case OutcomeSuspended:
		return "Suspended"
	case OutcomeUnconfirmedIssuer:
		return "Signed correctly, but by an issuer this service does not know"
	case OutcomeInvalid:
		return "Not valid"
	case OutcomeUnreadable:
		return "Not a credential we can read"
	}
	return "Cannot check"
}

// outcomeIcon repeats the headline's meaning as a glyph hidden from screen
// readers.
func outcomeIcon(o string) string {
	return checkIcon(outcomeKind(o))
}

// moreFormats describes the formats formatName leaves to it: a credential
// embedded in a PDF ("pdf+jwt"), and one found through the QR code in a
// photo ("jpeg+qr-code+url+jwt"). Any other format is shown as it is.
func moreFormats(f string) string {
	from := ""
	inner, link := strings.CutPrefix(f, "url+")
	if link {
		from = ", fetched from a link"
	}
	switch inner {
	case "pdf":
		return "a PDF" + from
	case "jpeg":
		return "a JPEG image" + from
	case "jpeg+qr-code", "png+qr-code":
		return "a QR code in a " + strings.ToUpper(strings.TrimSuffix(inner, "+qr-code")) + " image"
	}
	if rest, ok := strings.CutPrefix(inner, "pdf+"); ok && (rest == "jwt" || rest == "json") {
		return formatName(rest) + " embedded in a PDF" + from
	}
	for _, img := range []string{"jpeg", "png"} {
		rest, ok := strings.CutPrefix(inner, img+"+qr-code+")
		if !ok || link {
			continue
		}
		how := " found through the QR code in a " + strings.ToUpper(img) + " image"
		if r, ok := strings.CutPrefix(rest, "url+"); ok {
			return formatName(r) + how + ", which links to it"
		}
		return formatName(rest) + how
	}
	return f
}
