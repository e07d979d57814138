package accolade

import (
	"net/url"
	"strconv"
	"strings"
)

// LinkedInURL is LinkedIn's documented "add certification" link for a
// credential: the achievement's name, the organisation by its LinkedIn id
// when orgID is set, else by name (org), issue and expiry months (1 to 12,
// in UTC), and the credential's page and id. The credential page and the
// award mail both link it.
func LinkedInURL(name, org, orgID string, rec *Record, certURL string) string {
	q := url.Values{}
	q.Set("startTask", "CERTIFICATION_NAME")
	q.Set("name", name)
	if orgID != "" {
		q.Set("organizationId", orgID)
	} else {
		q.Set("organizationName", org)
	}
	from := rec.ValidFrom.UTC()
	q.Set("issueYear", strconv.Itoa(from.Year()))
	q.Set("issueMonth", strconv.Itoa(int(from.Month())))
	if !rec.ValidUntil.IsZero() {
		until := rec.ValidUntil.UTC()
		q.Set("expirationYear", strconv.Itoa(until.Year()))
		q.Set("expirationMonth", strconv.Itoa(int(until.Month())))
	}
	q.Set("certUrl", certURL)
	q.Set("certId", rec.ID)
	// Encode writes a space as '+' and a '+' as %2B: %20 is the one spelling
	// of a space that every reader of query strings agrees on.
	return "https://www.linkedin.com/profile/add?" + strings.ReplaceAll(q.Encode(), "+", "%20")
}
