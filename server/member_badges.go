package server

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"net/http"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ledger"
	"github.com/accolade-badges/accolade/ob3"
	"github.com/accolade-badges/accolade/templates"
)

// memberBadges is /account: the member's credentials, newest first.
func (s *Server) memberBadges(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	recs, err := s.store.Credentials(accolade.CredentialFilter{Member: m.ID})
	if err != nil {
		return err
	}
	v := templates.MemberBadgesPage{MemberPage: s.memberPage(r, m, "/account"),
		DataURL: s.localPath("/account/data.json"), ZipURL: s.localPath("/account/credentials.zip"),
		RecordURL: s.localPath(routeAccountRecord)}
	for i := len(recs) - 1; i >= 0; i-- {
		c := s.memberCredential(recs[i])
		c.WalletURL = s.walletURL(m, recs[i])
		v.Credentials = append(v.Credentials, c)
	}
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.MemberBadges(b, v) })
}

// memberCredential is one credential on /account, with the links of its
// public page (the same LinkedIn link as the page's).
func (s *Server) memberCredential(rec *accolade.Record) templates.MemberCredential {
	form := func(f string) string { return s.urls.CredentialForm(rec.ID, f) }
	page := s.urls.Credential(rec.ID)
	c := templates.MemberCredential{
		ID: rec.ID, AchievementName: rec.Achievement, ImageURL: form(accolade.FormPNG),
		Status: string(rec.CurrentStatus(s.now())), ValidFrom: rec.ValidFrom, ValidUntil: rec.ValidUntil,
		Links: templates.CredentialLinks{PDF: form(accolade.FormPDF), PNG: form(accolade.FormPNG),
			SVG: form(accolade.FormSVG), JSON: form(accolade.FormJSON), JWT: form(accolade.FormJWT)},
		PageURL: page, Hidden: rec.Hidden, HideURL: s.localPath("/account/credentials/" + rec.ID + "/hidden"),
		OfferURL: s.offerURL(rec),
	}
	issuerName, orgID := "", ""
	if cred, err := ob3.ParseCredential(rec.JSON); err == nil {
		c.AchievementName, issuerName = cred.CredentialSubject.Achievement.Name, cred.Issuer.Name
	}
	if p, err := s.store.Issuer(rec.Issuer); err == nil {
		orgID = p.LinkedInOrganizationID
		if issuerName == "" {
			issuerName = p.Name
		}
	}
	c.LinkedInURL = accolade.LinkedInURL(c.AchievementName, issuerName, orgID, rec, page)
	return c
}

// memberSetHidden hides (hidden=true) or shows (hidden=false) the public
// page of one of the member's credentials.
func (s *Server) memberSetHidden(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	ma, err := s.members()
	if err != nil {
		return err
	}
	var hidden bool
	switch r.PostFormValue("hidden") {
	case "true":
		hidden = true
	case "false":
	default:
		return errs.Field("hidden", "is true or false")
	}
	if _, err := ma.SetHidden(m.ID, pathID(r, "id"), hidden); err != nil {
		return err
	}
	if hidden {
		return s.done(w, r, "/account", "hidden")
	}
	return s.done(w, r, "/account", "shown")
}

// memberExport is everything held about a member, for /account/data.json:
// their own profile (with their email: it is theirs) and their facts. Other
// members appear by id only.
type memberExport struct {
	Profile           *accolade.Member      `json:"profile"`
	Exchanges         []*ledger.Exchange    `json:"exchanges"`
	AttestationsAbout []*ledger.Attestation `json:"attestationsAbout"`
	AttestationsBy    []*ledger.Attestation `json:"attestationsBy"`
	Applications      []*ledger.Application `json:"applications"`
	Credentials       []credentialExport    `json:"credentials"`
}

// credentialExport is one credential in the export: its record without the
// private status reason, and the credential as signed.
type credentialExport struct {
	ID          string          `json:"id"`
	URL         string          `json:"url"`
	Achievement string          `json:"achievement"`
	Status      accolade.Status `json:"status"`
	ValidFrom   time.Time       `json:"validFrom"`
	ValidUntil  time.Time       `json:"validUntil,omitzero"`
	Hidden      bool            `json:"hidden,omitempty"`
	Credential  json.RawMessage `json:"credential,omitempty"`
	JWT         string          `json:"jwt,omitempty"`
}

func (s *Server) memberData(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	ma, err := s.members()
	if err != nil {
		return err
	}
	out := memberExport{Profile: m}
	if out.Exchanges, err = ma.MemberExchanges(m.ID); err != nil {
		return err
	}
	if out.AttestationsAbout, out.AttestationsBy, err = ma.MemberAttestations(m.ID); err != nil {
		return err
	}
	if out.Applications, err = ma.MemberApplications(m.ID); err != nil {
		return err
	}
	recs, err := s.store.Credentials(accolade.CredentialFilter{Member: m.ID})
	if err != nil {
		return err
	}
	for _, rec := range recs {
		out.Credentials = append(out.Credentials, credentialExport{ID: rec.ID, URL: s.urls.Credential(rec.ID),
			Achievement: rec.Achievement, Status: rec.Status, ValidFrom: rec.ValidFrom, ValidUntil: rec.ValidUntil,
			Hidden: rec.Hidden, Credential: json.RawMessage(rec.JSON), JWT: rec.JWT})
	}
	w.Header().Set("Content-Disposition", accolade.ContentDisposition("accolade-"+m.ID+".json"))
	s.writeJSON(w, r, http.StatusOK, "application/json", out)
	return nil
}

// memberZip is /account/credentials.zip: each of the member's credentials
// as <achievement>-<credential id>.json and .jwt, oldest first, each file
// dated at the credential's validFrom, so that the same credentials give
// the same archive.
func (s *Server) memberZip(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	recs, err := s.store.Credentials(accolade.CredentialFilter{Member: m.ID})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, rec := range recs {
		files := []struct {
			ext  string
			data []byte
		}{{"json", indentJSON(rec.JSON)}, {"jwt", []byte(rec.JWT)}}
		for _, f := range files {
			if len(f.data) == 0 {
				continue
			}
			h := &zip.FileHeader{Name: rec.Achievement + "-" + rec.ID + "." + f.ext, Method: zip.Deflate, Modified: rec.ValidFrom.UTC()}
			fw, err := zw.CreateHeader(h)
			if err != nil {
				return errs.Wrap(errs.Internal, err, "writing %s to the archive", h.Name)
			}
			if _, err := fw.Write(f.data); err != nil {
				return errs.Wrap(errs.Internal, err, "writing %s to the archive", h.Name)
			}
		}
	}
	if err := zw.Close(); err != nil {
		return errs.Wrap(errs.Internal, err, "closing the archive")
	}
	w.Header().Set("Content-Disposition", accolade.ContentDisposition("accolade-"+m.ID+"-credentials.zip"))
	writeBytes(w, http.StatusOK, "application/zip", buf.Bytes())
	return nil
}

// indentJSON is b indented with a final newline, as the .json download
// serves it; b as it is when it is not JSON.
func indentJSON(b []byte) []byte {
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return b
	}
	out.WriteByte('\n')
	return out.Bytes()
}
