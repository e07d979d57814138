package verifier

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/accolade-badges/accolade/ob3"
)

// maxRevocationList is the body limit of a fetched 1EdTech revocation list.
const maxRevocationList = 1 << 20

// revokedEntry is one item of a 1EdTech revocation list.
type revokedEntry struct {
	ID      string `json:"id"`
	Revoked *bool  `json:"revoked"` // omitted means revoked
}

// checkRevocationList checks a 1EdTechRevocationList entry (VCRL 1.0):
// GET credentialStatus.id and look the credential's id up in its
// revokedCredential list, revoked when "revoked" is true or omitted. The
// list is not signed; the link to it is, as part of the credential. A list
// that cannot be fetched or read is "cannot check" (the 1EdTech validator
// warns).
func (v *Verifier) checkRevocationList(ctx context.Context, c *ob3.OpenBadgeCredential, e statusEntry) finding {
	u, bad := v.statusLink(e.ID, "revocation list")
	if bad != nil {
		return *bad
	}
	host := u.Host
	body, _, err := v.fetch.getFresh(ctx, "revocation-list "+u.String(), u.String(), "application/json", maxRevocationList,
		func(_ []byte, h http.Header) time.Duration {
			if d, ok := maxAge(h); ok {
				return d
			}
			return cacheTTL
		})
	if err != nil {
		return skipped("Whether the issuer revoked it cannot be checked: its revocation list could not be fetched: %s.", message(err))
	}
	var doc struct {
		RevokedCredential  []revokedEntry `json:"revokedCredential"`
		RevokedCredentials []revokedEntry `json:"revokedCredentials"` // the spelling of the VCRL's prose
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return skipped("The revocation list at %s cannot be read, so whether the issuer revoked the credential cannot be checked.", host)
	}
	for _, r := range append(doc.RevokedCredential, doc.RevokedCredentials...) {
		if r.ID == c.ID && (r.Revoked == nil || *r.Revoked) {
			return finding{status: Fail, revoked: true, message: fmt.Sprintf("Revoked by the issuer: its revocation list at %s lists this credential.", host)}
		}
	}
	return finding{status: Pass, message: fmt.Sprintf("Not revoked: the issuer's revocation list at %s does not list this credential.", host)}
}
