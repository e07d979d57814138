package server

import (
	"cmp"
	"context"
	"net/http"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/issuer"
)

// Routes of a member's CLR 2.0 record.
const (
	routeMemberCLR     = "/api/v1/members/{id}/clr"
	routeAccountRecord = "/account/record"
)

// CLRIssuer issues members' CLR 2.0 records; *issuer.Service (the
// Config's VCIssuer) satisfies it.
type CLRIssuer interface {
	IssueCLR(ctx context.Context, in issuer.CLRInput) (*issuer.CLR, error)
}

var _ CLRIssuer = (*issuer.Service)(nil)

// memberCLR is GET /api/v1/members/{id}/clr: the member's record from the
// acting community (?community=, or the token's), or from their first
// community when they are not in it (then every one of the member's
// communities must be the token's: access.go). Errors: errs.NotFound for
// an unknown member.
func (s *Server) memberCLR(w http.ResponseWriter, r *http.Request) error {
	m, err := s.store.Member(pathID(r, "id"))
	if err != nil {
		return err
	}
	return s.writeCLR(w, r, m, actingCommunity(r, principalOf(r)))
}

// memberRecord is GET /account/record: the signed-in member's own record,
// the same as the API's (?community= picks one of theirs).
func (s *Server) memberRecord(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	return s.writeCLR(w, r, m, r.URL.Query().Get("community"))
}

// writeCLR issues m's record from community (their first when they are
// not in it) and answers it as an attachment: the VC-JWT
// (application/vc+jwt, the signed record) unless ?format=json asks for
// the record's JSON, which carries no proof of its own (see
// issuer.ContextCLR).
func (s *Server) writeCLR(w http.ResponseWriter, r *http.Request, m *accolade.Member, community string) error {
	if !m.In(community) {
		community = m.CommunitySlugs()[0]
	}
	clr, err := s.issueCLR(r.Context(), m, community)
	if err != nil {
		return err
	}
	name := "accolade-" + m.ID + "-record"
	if strings.EqualFold(r.URL.Query().Get("format"), "json") {
		w.Header().Set("Content-Disposition", accolade.ContentDisposition(name+".json"))
		writeBytes(w, http.StatusOK, "application/vc+ld+json", indentJSON(clr.JSON))
		return nil
	}
	w.Header().Set("Content-Disposition", accolade.ContentDisposition(name+".jwt"))
	writeBytes(w, http.StatusOK, "application/vc+jwt", []byte(clr.JWT))
	return nil
}

// issueCLR gathers what m's record from community holds and has it signed.
func (s *Server) issueCLR(ctx context.Context, m *accolade.Member, community string) (*issuer.CLR, error) {
	ci, ok := s.vcIssuer.(CLRIssuer)
	if !ok {
		return nil, errs.E(errs.NotFound, "this service does not issue CLR records")
	}
	ma, err := s.members()
	if err != nil {
		return nil, err
	}
	in := issuer.CLRInput{Member: m, Achievements: map[string]*criteria.Achievement{}}
	if in.Profile, err = s.store.Issuer(community); err != nil {
		return nil, err
	}
	recs, err := s.store.Credentials(accolade.CredentialFilter{Member: m.ID})
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		if cmp.Or(rec.Issuer, accolade.DefaultSlug) != community {
			continue
		}
		in.Credentials = append(in.Credentials, rec)
		if a, err := s.store.Achievement(rec.Achievement); err == nil {
			in.Achievements[a.ID] = a
		}
	}
	list, err := ma.MemberExchanges(m.ID)
	if err != nil {
		return nil, err
	}
	for _, e := range list {
		if cmp.Or(e.Community, accolade.DefaultSlug) == community {
			in.Exchanges = append(in.Exchanges, e)
		}
	}
	return ci.IssueCLR(ctx, in)
}
