package templates

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

// outcomeIcon repeats the headline's meaning as a glyph hidden from screen
// readers.
func outcomeIcon(o string) string {
	return checkIcon(outcomeKind(o))
}
