package server

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/templates"
)

// Passkeys are a second way to sign in, beside the mailed link: a member
// registers one from their settings page, and then signs in with it on the
// sign-in page without typing anything (a discoverable credential). The
// WebAuthn ceremonies are JSON posts from passkey.js; the challenge of each
// is kept in the store for passkeyTTL and works once.

// passkeyStore is what passkeys need from storage; store.DB satisfies it.
type passkeyStore interface {
	PutCeremony(c accolade.Ceremony, now time.Time) error
	TakeCeremony(challenge string, now time.Time) (*accolade.Ceremony, error)
	AddPasskey(p accolade.Passkey) error
	Passkey(id string) (*accolade.Passkey, error)
	Passkeys(member string) ([]*accolade.Passkey, error)
	UsePasskey(id string, credential []byte, signCount uint32, s accolade.Session) error
	DeletePasskey(member, id string) error
}

const (
	// passkeyTTL is how long a ceremony's challenge works.
	passkeyTTL = 5 * time.Minute
	// maxPasskeyBody bounds a ceremony's answer from the browser.
	maxPasskeyBody = 64 << 10
	// maxPasskeyName bounds a passkey's label, in characters.
	maxPasskeyName = 60
	// maxUserHandle is WebAuthn's bound on a user handle, in bytes.
	maxUserHandle = 64
)

// newPasskeys returns the WebAuthn relying party of the base URL, or nil
// when passkeys cannot work there: browsers only offer them to https
// sites and to http://localhost, and the relying party id (the host) must
// be a domain name, not an IP address.
func newPasskeys(base string) *webauthn.WebAuthn {
	u, err := url.Parse(base)
	if err != nil {
		return nil
	}
	host := u.Hostname()
	if u.Scheme != "https" && !(u.Scheme == "http" && host == "localhost") || net.ParseIP(host) != nil {
		return nil
	}
	w, err := webauthn.New(&webauthn.Config{
		RPID:          host,
		RPDisplayName: "Accolade",
		RPOrigins:     []string{u.Scheme + "://" + u.Host},
	})
	if err != nil {
		return nil
	}
	return w
}

// passkeysOn reports whether this site offers passkeys.
func (s *Server) passkeysOn() bool { return s.webauthn != nil }

func (s *Server) passkeyRoutes(m *routeMux) {
	m.HandleFunc("POST /account/passkeys/begin", s.signedIn(s.beginPasskey))
	m.HandleFunc("POST /account/passkeys/finish", s.signedIn(s.finishPasskey))
	m.HandleFunc("POST /account/passkeys/{id}/delete", s.signedIn(s.deletePasskey))
	m.HandleFunc("POST /signin/passkey/begin", s.public(s.beginPasskeySignIn))
	m.HandleFunc("POST /signin/passkey/finish", s.public(s.finishPasskeySignIn))
}

// userHandle is member id's WebAuthn user handle: the id's bytes, or their
// SHA-256 when the id is longer than a handle may be. It never changes.
func userHandle(id string) []byte {
	if len(id) <= maxUserHandle {
		return []byte(id)
	}
	sum := sha256.Sum256([]byte(id))
	return sum[:]
}

// passkeyUser is a member as the WebAuthn library sees them: the handle,
// their id as user name, their name as display name, and their passkeys.
type passkeyUser struct {
	m     *accolade.Member
	creds []webauthn.Credential
}

func (u *passkeyUser) WebAuthnID() []byte                         { return userHandle(u.m.ID) }
func (u *passkeyUser) WebAuthnName() string                       { return u.m.ID }
func (u *passkeyUser) WebAuthnDisplayName() string                { return u.m.Name }
func (u *passkeyUser) WebAuthnCredentials() []webauthn.Credential { return u.creds }

// passkeyUserOf loads m's passkeys as the library's credentials.
func (s *Server) passkeyUserOf(m *accolade.Member) (*passkeyUser, error) {
	list, err := s.store.Passkeys(m.ID)
	if err != nil {
		return nil, err
	}
	u := &passkeyUser{m: m}
	for _, p := range list {
		var c webauthn.Credential
		if err := json.Unmarshal(p.Credential, &c); err != nil {
			return nil, errs.Wrap(errs.Internal, err, "decoding passkey %s", p.ID)
		}
		u.creds = append(u.creds, c)
	}
	return u, nil
}

// passkeyError is an answer to passkey.js: the status and a message in the
// page's language.
type passkeyError struct {
	status int
	msg    string
}

func (e *passkeyError) Error() string { return e.msg }

// passkeyJSON wraps a passkey endpoint: it answers with the handler's JSON
// value, or {"error": "..."} in the page's language. Internal errors are
// logged and told in general words.
func (s *Server) passkeyJSON(w http.ResponseWriter, r *http.Request, v any, err error) error {
	w.Header().Set("Cache-Control", "no-store")
	status := http.StatusOK
	if err != nil {
		var pe *passkeyError
		if !errors.As(err, &pe) {
			s.log.Error("passkey request failed", "method", r.Method, "path", r.URL.Path, "err", err)
			pe = &passkeyError{http.StatusInternalServerError, s.locale(r).T("account.passkeys.error.internal")}
		}
		status, v = pe.status, map[string]string{"error": pe.msg}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "encoding passkey answer")
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	writeBytes(w, status, "application/json; charset=utf-8", append(b, '\n'))
	return nil
}

// passkeysOff is the answer of every passkey endpoint on a site without them.
func (s *Server) passkeysOff(r *http.Request) error {
	return &passkeyError{http.StatusNotFound, s.locale(r).T("account.passkeys.error.off")}
}

// rpName is the relying party's name shown by the browser: the community's.
func (s *Server) rpName() string {
	if p, err := s.store.Issuer(accolade.DefaultSlug); err == nil && p.Name != "" {
		return p.Name
	}
	return "Accolade"
}

// startCeremony keeps the library's session data under its challenge.
func (s *Server) startCeremony(member string, sd *webauthn.SessionData) error {
	b, err := json.Marshal(sd)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "encoding passkey session")
	}
	now := s.now().UTC()
	return s.store.PutCeremony(accolade.Ceremony{Challenge: sd.Challenge, Member: member, Session: b, Expires: now.Add(passkeyTTL)}, now)
}

// takeCeremony returns the session data of challenge, once, when it was
// started for member ("" for a sign-in).
func (s *Server) takeCeremony(r *http.Request, challenge, member string) (*webauthn.SessionData, error) {
	c, err := s.store.TakeCeremony(challenge, s.now())
	if errors.Is(err, accolade.ErrCeremonyUnknown) || err == nil && c.Member != member {
		return nil, &passkeyError{http.StatusBadRequest, s.locale(r).T("account.passkeys.error.expired")}
	}
	if err != nil {
		return nil, err
	}
	var sd webauthn.SessionData
	if err := json.Unmarshal(c.Session, &sd); err != nil {
		return nil, errs.Wrap(errs.Internal, err, "decoding passkey session")
	}
	return &sd, nil
}

// beginPasskey answers the options of navigator.credentials.create for a
// new passkey of m: discoverable, verified by the authenticator, and not
// one m already has.
func (s *Server) beginPasskey(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	if !s.passkeysOn() {
		return s.passkeyJSON(w, r, nil, s.passkeysOff(r))
	}
	creation, err := s.beginRegistration(m)
	return s.passkeyJSON(w, r, creation, err)
}

func (s *Server) beginRegistration(m *accolade.Member) (*protocol.CredentialCreation, error) {
	u, err := s.passkeyUserOf(m)
	if err != nil {
		return nil, err
	}
	yes := true
	creation, sd, err := s.webauthn.BeginRegistration(u,
		webauthn.WithAuthenticatorSelection(protocol.AuthenticatorSelection{
			ResidentKey: protocol.ResidentKeyRequirementRequired, RequireResidentKey: &yes,
			UserVerification: protocol.VerificationRequired,
		}),
		webauthn.WithExclusions(webauthn.Credentials(u.creds).CredentialDescriptors()),
		webauthn.WithRegistrationRelyingPartyName(s.rpName()))
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "beginning passkey registration")
	}
	return creation, s.startCeremony(m.ID, sd)
}

// passkeyAnswer is the body passkey.js posts to finish a ceremony: the
// PublicKeyCredential as JSON (base64url for binary members), and the
// name typed for a new passkey or the path to go to after signing in.
type passkeyAnswer struct {
	Name       string          `json:"name"`
	Next       string          `json:"next"`
	Credential json.RawMessage `json:"credential"`
}

func (s *Server) readPasskeyAnswer(w http.ResponseWriter, r *http.Request) (*passkeyAnswer, error) {
	b, err := readBody(w, r, maxPasskeyBody)
	if err != nil {
		return nil, &passkeyError{statusOf(errs.KindOf(err)), s.locale(r).T("account.passkeys.error.invalid")}
	}
	var a passkeyAnswer
	if err := json.Unmarshal(b, &a); err != nil || len(a.Credential) == 0 {
		return nil, &passkeyError{http.StatusBadRequest, s.locale(r).T("account.passkeys.error.invalid")}
	}
	return &a, nil
}

// passkeyName is the label typed for a passkey, trimmed, or the default.
func (s *Server) passkeyName(r *http.Request, typed string) (string, error) {
	name := strings.TrimSpace(typed)
	switch {
	case name == "":
		return s.locale(r).T("account.passkeys.defaultName"), nil
	case !utf8.ValidString(name) || utf8.RuneCountInString(name) > maxPasskeyName ||
		strings.ContainsFunc(name, unicode.IsControl):
		return "", &passkeyError{http.StatusBadRequest, s.locale(r).T("account.passkeys.error.name")}
	}
	return name, nil
}

// finishPasskey checks the new credential against its challenge and
// stores it under the name m typed.
func (s *Server) finishPasskey(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	if !s.passkeysOn() {
		return s.passkeyJSON(w, r, nil, s.passkeysOff(r))
	}
	err := s.registerPasskey(w, r, m)
	return s.passkeyJSON(w, r, map[string]string{"next": s.sitePath("/account/settings")}, err)
}

func (s *Server) registerPasskey(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	loc := s.locale(r)
	a, err := s.readPasskeyAnswer(w, r)
	if err != nil {
		return err
	}
	name, err := s.passkeyName(r, a.Name)
	if err != nil {
		return err
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes(a.Credential)
	if err != nil {
		return &passkeyError{http.StatusBadRequest, loc.T("account.passkeys.error.invalid")}
	}
	sd, err := s.takeCeremony(r, parsed.Response.CollectedClientData.Challenge, m.ID)
	if err != nil {
		return err
	}
	u, err := s.passkeyUserOf(m)
	if err != nil {
		return err
	}
	cred, err := s.webauthn.CreateCredential(u, *sd, parsed)
	if err != nil {
		s.log.Info("passkey registration refused", "member", m.ID, "err", err)
		return &passkeyError{http.StatusBadRequest, loc.T("account.passkeys.error.refused")}
	}
	b, err := json.Marshal(cred)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "encoding passkey")
	}
	p := accolade.Passkey{ID: base64.RawURLEncoding.EncodeToString(cred.ID), Member: m.ID, Credential: b, Name: name,
		Created: s.now().UTC(), SignCount: cred.Authenticator.SignCount}
	if err := s.store.AddPasskey(p); errors.Is(err, accolade.ErrPasskeyExists) {
		return &passkeyError{http.StatusConflict, loc.T("account.passkeys.error.exists")}
	} else if err != nil {
		return err
	}
	return nil
}

// deletePasskey removes one of m's passkeys (a form post from the settings
// page); another member's, or none, is not found.
func (s *Server) deletePasskey(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	id := r.PathValue("id")
	if err := s.store.DeletePasskey(m.ID, id); errs.KindOf(err) == errs.NotFound {
		return errs.E(errs.NotFound, "%s", s.locale(r).T("account.passkeys.error.notFound"))
	} else if err != nil {
		return err
	}
	http.Redirect(w, r, s.localPath("/account/settings"), http.StatusSeeOther)
	return nil
}

// sitePath is path p under the base URL's path: what a page of this site
// links to.
func (s *Server) sitePath(p string) string {
	return strings.TrimRight(s.basePath(), "/") + p
}

// passkeyViews are m's passkeys for the settings page.
func (s *Server) passkeyViews(m *accolade.Member) ([]templates.PasskeyView, error) {
	list, err := s.store.Passkeys(m.ID)
	if err != nil {
		return nil, err
	}
	out := make([]templates.PasskeyView, 0, len(list))
	for _, p := range list {
		out = append(out, templates.PasskeyView{ID: p.ID, Name: p.Name, Created: p.Created, LastUsed: p.LastUsed})
	}
	return out, nil
}
