package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/ob3"
	"github.com/accolade-badges/accolade/templates"
	"github.com/google/uuid"
)

// credentialFile splits "<uuid>[.ext]" and loads the credential.
func (s *Server) credentialFile(r *http.Request) (*accolade.Record, string, error) {
	file := pathID(r, "file")
	id, ext := accolade.CredentialFile(file)
	if _, err := uuid.Parse(id); err != nil || len(id) != 36 {
		return nil, "", errs.E(errs.NotFound, "no credential %q", file)
	}
	rec, err := s.store.Credential(strings.ToLower(id))
	if err == nil && s.hiddenFrom(r, rec) { // every form of it: see hiddenFrom
		return nil, "", errs.E(errs.NotFound, "no credential %q", file)
	}
	return rec, ext, err
}

func (s *Server) getCredential(w http.ResponseWriter, r *http.Request) error {
	rec, ext, err := s.credentialFile(r)
	if err != nil {
		if wantsHTML(r) {
			return s.errorPage(w, r, err)
		}
		return err
	}
	w.Header().Set("Cache-Control", "no-cache") // status may change
	if rec.Hidden {
		w.Header().Set("Cache-Control", "private, no-store") // only its holder sees it
	}
	if !rec.Forgotten.IsZero() {
		if ext == "" && !prefersJSON(r) {
			return s.forgottenPage(w, r, rec)
		}
		return errs.E(errs.Gone, "credential %s is no longer served: its holder's details were removed at their request; the copy the holder has still verifies", rec.ID)
	}
	switch ext {
	case "":
		w.Header().Add("Vary", "Accept") // the page, or the credential as JSON
		if prefersJSON(r) {
			writeBytes(w, http.StatusOK, typeVCLD, rec.JSON)
			return nil
		}
		return s.credentialPage(w, r, rec)
	case "json":
		var b bytes.Buffer
		if err := json.Indent(&b, rec.JSON, "", "  "); err != nil {
			return errs.Wrap(errs.Internal, err, "indenting stored credential %s", rec.ID)
		}
		b.WriteByte('\n')
		w.Header().Set("Content-Disposition", s.downloadName(rec, "json"))
		writeBytes(w, http.StatusOK, typeVCLD, b.Bytes())
	case "jwt":
		w.Header().Set("Content-Disposition", s.downloadName(rec, "jwt"))
		writeBytes(w, http.StatusOK, "text/plain; charset=utf-8", []byte(rec.JWT))
	case "png", "svg":
		return s.credentialImage(w, r, rec, ext)
	case "pdf":
		return s.credentialPDF(w, r, rec)
	default:
		return errs.E(errs.NotFound, "no %q form of credential %s: use .json, .jwt or .pdf", ext, rec.ID)
	}
	return nil
}

// downloadName is the Content-Disposition of a download of rec as ext:
// <achievement>-<holder>.<ext>, with the names as signed.
func (s *Server) downloadName(rec *accolade.Record, ext string) string {
	achievement, holder := rec.Achievement, ""
	if c, err := ob3.ParseCredential(rec.JSON); err == nil {
		achievement, holder = c.CredentialSubject.Achievement.Name, c.CredentialSubject.Name
	}
	return accolade.ContentDisposition(accolade.DownloadName(achievement, holder, ext))
}

// prefersJSON reports whether the Accept header asks for JSON(-LD) rather
// than HTML, for the credential page whose default is HTML.
func prefersJSON(r *http.Request) bool {
	accept := r.Header.Get("Accept")
	return strings.Contains(accept, "json") && !wantsHTML(r)
}

// credentialPage shows a credential as it was signed: the achievement's
// name, description, criteria and image, the issuer's name and the
// recipient's name come from the signed JSON, and a note says when the
// achievement has changed since. Only credentials issued before the
// recipient's name was signed take it from the member record. The reason
// for a revocation or suspension is private and not shown; so is the
// recipient's email. The page's links all start from the base URL.
func (s *Server) credentialPage(w http.ResponseWriter, r *http.Request, rec *accolade.Record) error {
	page := s.urls.Credential(rec.ID)
	form := func(f string) string { return s.urls.CredentialForm(rec.ID, f) }
	v := templates.CredentialPage{
		Site: s.site(r), PageURL: page, ID: rec.ID, ValidFrom: rec.ValidFrom, ValidUntil: rec.ValidUntil,
		Status: string(rec.CurrentStatus(s.now())), StatusChanged: rec.StatusChanged,
		ImageURL: form(accolade.FormPNG),
		Links: templates.CredentialLinks{
			PDF: form(accolade.FormPDF), PNG: form(accolade.FormPNG), SVG: form(accolade.FormSVG),
			JSON: form(accolade.FormJSON), JWT: form(accolade.FormJWT),
		},
		VerifyURL:   s.urls.Base + "/verify?url=" + url.QueryEscape(page),
		AwardedDate: rec.AwardedDate, SupersededAt: rec.SupersededAt,
		QR: qrCode(page), OnlyYou: rec.Hidden,
	}
	if rec.SupersededBy != "" {
		v.SupersededURL = s.urls.Credential(rec.SupersededBy)
	}
	viewer := s.viewer(r)
	v.WalletURL = s.walletURL(viewer, rec) // Learner Credential Wallet (wallet_page.go)
	if viewer != nil && viewer.ID == rec.Member {
		v.OfferURL = s.offerURL(rec) // OpenID4VCI (oid4vci_offer.go)
	}
	if v.WalletURL != "" || v.OfferURL != "" {
		w.Header().Set("Cache-Control", "private, no-store") // the holder's own buttons
	}
	current, currentErr := s.store.Achievement(rec.Achievement)
	c, err := ob3.ParseCredential(rec.JSON)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "reading stored credential %s", rec.ID)
	}
	signed := c.CredentialSubject.Achievement
	v.AchievementName, v.AchievementDescription = signed.Name, signed.Description
	v.CriteriaNarrative = signed.Criteria.Narrative
	v.IssuerName, v.RecipientName = c.Issuer.Name, c.CredentialSubject.Name
	for _, e := range c.Evidence {
		v.Evidence = append(v.Evidence, templates.Evidence{Narrative: e.Narrative, URL: e.ID})
	}
	if currentErr == nil {
		v.AchievementURL = s.urls.Achievement(current.ID)
		now := current.Definition().In(signed.InLanguage) // the version it was issued in
		v.AchievementChanged = now.Name != signed.Name || now.Description != signed.Description ||
			strings.TrimSpace(now.Narrative) != strings.TrimSpace(signed.Criteria.Narrative)
	}
	if m, err := s.store.Member(rec.Member); err == nil {
		v.RecipientLang = m.Lang
		if v.RecipientName == "" { // issued before the name was signed in
			v.RecipientName = m.Name
		}
	}
	var orgID string
	if p, err := s.store.Issuer(rec.Issuer); err == nil {
		v.IssuerURL, v.IssuerLogoURL, orgID = s.urls.Issuer(p.Slug), p.Logo, p.LinkedInOrganizationID
		if v.IssuerName == "" {
			v.IssuerName = p.Name
		}
	}
	v.LinkedInURL = accolade.LinkedInURL(v.AchievementName, v.IssuerName, orgID, rec, page)
	v.LinkedIn = templates.LinkedInFields{
		Name: v.AchievementName, Organization: v.IssuerName, IssueDate: rec.ValidFrom,
		ExpiryDate: rec.ValidUntil, URL: page, ID: rec.ID,
	}
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.Credential(b, v) })
}

// forgottenPage is the page of a credential whose holder's details were
// erased: the signed credential is gone, so it shows what the service
// still knows without it — the achievement and issuer as they are now,
// the dates and the live status — and says the holder's details were
// removed. No downloads, sharing or LinkedIn.
func (s *Server) forgottenPage(w http.ResponseWriter, r *http.Request, rec *accolade.Record) error {
	page := s.urls.Credential(rec.ID)
	v := templates.CredentialPage{
		Site: s.site(r), PageURL: page, ID: rec.ID, ValidFrom: rec.ValidFrom, ValidUntil: rec.ValidUntil,
		Status: string(rec.CurrentStatus(s.now())), StatusChanged: rec.StatusChanged, HolderRemoved: true,
		VerifyURL: s.urls.Base + "/verify", AwardedDate: rec.AwardedDate, QR: qrCode(page),
	}
	if a, err := s.store.Achievement(rec.Achievement); err == nil {
		d := a.Definition().In(v.Site.Lang())
		v.AchievementName, v.AchievementDescription, v.CriteriaNarrative = d.Name, d.Description, d.Narrative
		v.AchievementURL, v.ImageURL = s.urls.Achievement(a.ID), s.badgeURL(a, accolade.FormPNG)
	}
	if p, err := s.store.Issuer(rec.Issuer); err == nil {
		v.IssuerName, v.IssuerURL, v.IssuerLogoURL = p.Name, s.urls.Issuer(p.Slug), p.Logo
	}
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.Credential(b, v) })
}

func (s *Server) postCredential(w http.ResponseWriter, r *http.Request) error {
	var b api.IssueRequest
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	switch {
	case b.Achievement == "":
		return errs.Field("achievement", "is required")
	case b.Member == "":
		return errs.Field("member", "is required")
	}
	rec, err := s.awards.Issue(r.Context(), issuer.Request{Achievement: b.Achievement, Member: b.Member})
	if errs.KindOf(err) == errs.NotFound { // a name in the body, not the URL
		return errs.Wrap(errs.Invalid, err, "cannot issue")
	}
	if err != nil {
		return err
	}
	w.Header().Set("Location", s.urls.Credential(rec.ID))
	s.writeJSON(w, r, http.StatusCreated, "application/json", api.Issued{ID: rec.ID, URL: s.urls.Credential(rec.ID), JWT: rec.JWT})
	return nil
}

// view is a credential as the admin API shows it.
func (s *Server) view(rec *accolade.Record) api.Credential {
	v := api.Credential{
		ID: rec.ID, URL: s.urls.Credential(rec.ID), Achievement: rec.Achievement, Member: rec.Member,
		ValidFrom: rec.ValidFrom, Status: string(rec.CurrentStatus(s.now())), StatusReason: rec.StatusReason,
	}
	if !rec.ValidUntil.IsZero() {
		t := rec.ValidUntil
		v.ValidUntil = &t
	}
	if !rec.AwardedDate.IsZero() {
		t := rec.AwardedDate
		v.AwardedDate = &t
	}
	v.Renews, v.SupersededBy = rec.Renews, rec.SupersededBy
	return v
}

// listCredentials lists issued credentials, by member and achievement;
// expiringWithin (a duration such as 30d) keeps those valid now that expire
// within it and have not been renewed, for reminders.
func (s *Server) listCredentials(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	for k := range q {
		if k != "member" && k != "achievement" && k != "expiringWithin" && k != "community" {
			return errs.Field(k, "is not a known query parameter: use member, achievement, expiringWithin and community")
		}
	}
	var window time.Duration
	if q.Has("expiringWithin") {
		d, err := criteria.ParseDuration(q.Get("expiringWithin"))
		if err != nil {
			return errs.Field("expiringWithin", "%v", err)
		}
		window = d
	}
	recs, err := s.store.Credentials(accolade.CredentialFilter{Member: q.Get("member"), Achievement: q.Get("achievement")})
	if err != nil {
		return err
	}
	now, p := s.now(), principalOf(r)
	out := api.CredentialList{Credentials: []api.Credential{}}
	for _, rec := range recs {
		if window > 0 && !expiringWithin(rec, now, window) {
			continue
		}
		if p != nil && !p.mayActFor(issuerSlug(rec.Issuer)) || !inActing(r, p, issuerSlug(rec.Issuer)) { // another community's
			continue
		}
		out.Credentials = append(out.Credentials, s.view(rec))
	}
	s.writeJSON(w, r, http.StatusOK, "application/json", out)
	return nil
}

// expiringWithin reports whether rec is valid at now, expires within window
// and has not been renewed.
func expiringWithin(rec *accolade.Record, now time.Time, window time.Duration) bool {
	return rec.Valid(now) && rec.SupersededBy == "" && !rec.ValidUntil.IsZero() && !rec.ValidUntil.After(now.Add(window))
}

// changeStatus handles revoke, suspend and unsuspend.
func (s *Server) changeStatus(w http.ResponseWriter, r *http.Request) error {
	var status accolade.Status
	switch pathID(r, "action") {
	case "revoke":
		status = accolade.Revoked
	case "suspend":
		status = accolade.Suspended
	case "unsuspend":
		status = accolade.Active
	default:
		return errs.E(errs.NotFound, "no action %q: use revoke, suspend or unsuspend", pathID(r, "action"))
	}
	var b api.StatusChange
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, &b); err != nil {
			return err
		}
	}
	rec, err := s.awards.SetStatus(pathID(r, "id"), status, strings.TrimSpace(b.Reason))
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, "application/json", s.view(rec))
	return nil
}
