package server

import (
	"cmp"
	"encoding/json"
	"net/http"
	"slices"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/ledger"
)

// Members, their activity and their applications belong to communities.
// memberIssuers and activityIssuers say which communities an admin request
// about them concerns (for requestIssuers), and actingCommunity which one
// a request acts in when its body names none.

// actingCommunity is the community r acts in when nothing in it names one:
// ?community=, else the community of a community token, else the default.
func actingCommunity(r *http.Request, p *principal) string {
	if c := r.URL.Query().Get("community"); c != "" {
		return c
	}
	if p != nil && p.issuer() != "" {
		return p.issuer()
	}
	return accolade.DefaultSlug
}

// memberIssuers is what a request about member id concerns. A read
// concerns only the acting community when the member belongs to it (a
// member of several communities is visible to each); otherwise, and for
// every change, all of the member's communities, so that a community
// changes no member (whose email is their sign-in) that another shares.
// A change also concerns the communities its body gives (added). A new
// member with none given joins the acting community. None for a read of
// a member that does not exist: the handler answers 404.
func (s *Server) memberIssuers(r *http.Request, p *principal, id string, change bool) []string {
	acting := actingCommunity(r, p)
	m, err := s.store.Member(id)
	if !change {
		switch {
		case err != nil:
			return nil
		case m.In(acting):
			return []string{acting}
		}
		return m.CommunitySlugs()
	}
	var out []string
	if err == nil {
		out = m.CommunitySlugs()
	}
	var b struct {
		Communities []string `json:"communities"`
	}
	_ = json.Unmarshal(peekBody(r), &b)
	out = append(out, b.Communities...)
	if len(out) == 0 {
		out = []string{acting}
	}
	return slices.Compact(slices.Sorted(slices.Values(out)))
}

// bodyCommunity is the community a posted exchange or attestation names,
// else the acting one.
func bodyCommunity(r *http.Request, p *principal) []string {
	var b struct {
		Community string `json:"community"`
	}
	_ = json.Unmarshal(peekBody(r), &b)
	return []string{cmp.Or(b.Community, actingCommunity(r, p))}
}

// exchangeIssuers is the community of the stored exchange id; none when
// there is no such exchange.
func (s *Server) exchangeIssuers(id string) []string {
	e, err := s.store.Exchange(id)
	if err != nil {
		return nil
	}
	return []string{ledger.CommunityOf(e.Community)}
}

// applicationIssuers is the community of application id's achievement;
// none when there is no such application.
func (s *Server) applicationIssuers(id string) []string {
	a, err := s.store.Application(id)
	if err != nil {
		return nil
	}
	return s.achievementIssuer(a.Achievement)
}

// inActing reports whether a member's, exchange's or application's
// community is one p may read in a list: every one for an owner (or the
// one ?community= names), else the token's.
func inActing(r *http.Request, p *principal, slug string) bool {
	return seesAll(r, p) || slug == actingCommunity(r, p)
}

// seesAll reports whether a list for p covers every community: an owner's
// that names none.
func seesAll(r *http.Request, p *principal) bool {
	return p != nil && p.owner() && r.URL.Query().Get("community") == ""
}

// defaultCommunity sets *slug, when empty, to the acting community of r.
func defaultCommunity(r *http.Request, slug *string) {
	if *slug == "" {
		*slug = ledger.StoredCommunity(actingCommunity(r, principalOf(r)))
	}
}

// achievementCommunity is the slug of achievement id's issuer, or "" when
// there is no such achievement.
func (s *Server) achievementCommunity(id string) string {
	if out := s.achievementIssuer(id); len(out) > 0 {
		return out[0]
	}
	return ""
}

// sharedCommunity is the community a member's attestation of another is
// made in: the default community when both belong to it, else the first
// they share, else the attester's first (which the domain then refuses,
// naming the member who is not in it).
func sharedCommunity(attester, member *accolade.Member) string {
	mine := attester.CommunitySlugs()
	if attester.In(accolade.DefaultSlug) && member.In(accolade.DefaultSlug) {
		return accolade.DefaultSlug
	}
	for _, slug := range mine {
		if member.In(slug) {
			return slug
		}
	}
	return mine[0]
}
