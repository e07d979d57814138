package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// sessionStore is what sign-in and sessions need from storage; store.DB
// satisfies it.
type sessionStore interface {
	MembersByEmail(email string) ([]string, error)
	UpdateMember(id string, change func(*accolade.Member) error) (*accolade.Member, error)
	CreateSignIn(s accolade.SignIn, mail *accolade.Notice) error
	PendingSignIn(hash string, now time.Time) (*accolade.SignIn, error)
	RedeemSignIn(hash string, s accolade.Session) (*accolade.SignIn, error)
	Session(hash string, now time.Time, idle time.Duration) (*accolade.Session, error)
	DeleteSession(hash string) error
	DeleteSessions(member string) (int, error)
	PruneSessions(now time.Time, idle time.Duration) (int, error)
}

// Session lifetimes (defaults of Config.SessionIdle and SessionMaxAge) and
// the sign-in link's.
const (
	defaultSessionIdle   = 7 * 24 * time.Hour  // signed out after a week without a visit
	defaultSessionMaxAge = 30 * 24 * time.Hour // and a month after signing in, whatever happens
	signInTTL            = 15 * time.Minute
)

// sessionCookie is the name of the session cookie: with the __Host- prefix
// when the site is served over https at the root of its host, so that the
// browser refuses it from anywhere else.
func (s *Server) sessionCookie() string {
	if s.secureCookies() && s.basePath() == "/" {
		return "__Host-accolade"
	}
	return "accolade_session"
}

// basePath is the path of the base URL, "/" when it has none.
func (s *Server) basePath() string {
	u, err := url.Parse(s.urls.Base)
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.Path
}

// newSecret returns 32 random bytes as base64url text (the secret a person
// holds) and the hex SHA-256 of that text (what is stored).
func (s *Server) newSecret() (secret, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", errs.Wrap(errs.Internal, err, "reading random bytes")
	}
	secret = base64.RawURLEncoding.EncodeToString(b)
	return secret, hashSecret(secret), nil
}

func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// viewerKey is the request context key of the signed-in member.
type viewerKey struct{}

// viewer is the signed-in member of r, or nil. The signedIn wrapper puts it
// in the request's context; elsewhere (public pages, for the header and the
// language) it is read from the session cookie.
func (s *Server) viewer(r *http.Request) *accolade.Member {
	if m, ok := r.Context().Value(viewerKey{}).(*accolade.Member); ok {
		return m
	}
	m, _, _ := s.session(r)
	return m
}

// session returns the signed-in member of r and the session, or nils when
// r has no valid session.
func (s *Server) session(r *http.Request) (*accolade.Member, *accolade.Session, error) {
	c, err := r.Cookie(s.sessionCookie())
	if err != nil || c.Value == "" || len(c.Value) > 100 {
		return nil, nil, nil
	}
	sess, err := s.sessions.Session(hashSecret(c.Value), s.now(), s.sessionIdle)
	if errs.KindOf(err) == errs.NotFound {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	m, err := s.store.Member(sess.Member)
	if errs.KindOf(err) == errs.NotFound {
		return nil, nil, nil // the member was removed
	}
	if err != nil {
		return nil, nil, err
	}
	if !m.Forgotten.IsZero() {
		return nil, nil, nil // erased: no one signs in as them (their sessions went with it)
	}
	return m, sess, nil
}

// memberHandler is a handler for a signed-in member.
type memberHandler func(w http.ResponseWriter, r *http.Request, m *accolade.Member) error

// signedIn wraps a handler of the member pages: without a valid session a
// GET goes to the sign-in page (and back after), and any other method is
// refused (and the refusal audited, as anonymous). The pages are private: never stored by a cache.
func (s *Server) signedIn(h memberHandler) http.HandlerFunc { return s.signedInAudited(h, true) }

// signedInAudited is signedIn; audit false leaves the audit log to h (the
// console, which records its changes as the coordinator's).
func (s *Server) signedInAudited(h memberHandler, audit bool) http.HandlerFunc {
	return s.public(func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Cache-Control", "no-store")
		m, _, err := s.session(r)
		if err != nil {
			return err
		}
		if m == nil {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, s.localPath("/signin?next="+url.QueryEscape(r.URL.RequestURI())), http.StatusSeeOther)
				return nil
			}
			err := errs.E(errs.Unauthorized, "%s", s.locale(r).T("signin.error.ended"))
			rw := &statusWriter{ResponseWriter: w} // a refused change: in the audit log, as the API's without a token
			e := accolade.AuditEntry{Time: s.now().UTC(), Action: r.Pattern, Target: target(r), Actor: "anonymous"}
			s.writeError(rw, r, err)
			s.auditRequest(rw, &e, err)
			return nil
		}
		r = r.WithContext(context.WithValue(r.Context(), viewerKey{}, m))
		if !audit || r.Method == http.MethodGet || r.Method == http.MethodHead {
			return h(w, r, m)
		}
		return s.auditMember(w, r, m, h)
	})
}

// auditMember runs a member's change and records it in the audit log, as
// the API's changes are: who ("member:" and their id), what, and the
// outcome; never what they wrote.
func (s *Server) auditMember(w http.ResponseWriter, r *http.Request, m *accolade.Member, h memberHandler) error {
	rw := &statusWriter{ResponseWriter: w}
	e := accolade.AuditEntry{Time: s.now().UTC(), Action: r.Pattern, Target: target(r), Actor: "member:" + m.ID,
		Issuer: accolade.DefaultSlug}
	err := h(rw, r, m)
	if err != nil {
		s.writeError(rw, r, err)
	}
	s.auditRequest(rw, &e, err)
	return nil
}

// startSession sets the cookie of a new session.
func (s *Server) setSessionCookie(w http.ResponseWriter, secret string, expires time.Time) {
	http.SetCookie(w, &http.Cookie{
		Name: s.sessionCookie(), Value: secret, Path: s.basePath(), Expires: expires,
		HttpOnly: true, Secure: s.secureCookies(), SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{
		Name: s.sessionCookie(), Value: "", Path: s.basePath(), MaxAge: -1,
		HttpOnly: true, Secure: s.secureCookies(), SameSite: http.SameSiteLaxMode,
	})
}

// configureSessions sets the session lifetimes, the sign-in limits and
// the cross-origin protection of every state-changing request: a browser
// says where a request comes from (Sec-Fetch-Site, Origin), and one from
// another site is refused. Requests without those headers (curl, scripts
// with a bearer token, mail providers' one-click unsubscribe) pass. The
// public verification API takes posts from anywhere: it changes nothing.
func (s *Server) configureSessions(cfg Config) error {
	s.sessions = cfg.Store
	s.sessionIdle, s.sessionMaxAge = cfg.SessionIdle, cfg.SessionMaxAge
	if s.sessionIdle == 0 {
		s.sessionIdle = defaultSessionIdle
	}
	if s.sessionMaxAge == 0 {
		s.sessionMaxAge = defaultSessionMaxAge
	}
	if s.sessionIdle < 0 || s.sessionMaxAge < 0 {
		return errs.E(errs.Invalid, "server: SessionIdle and SessionMaxAge must not be negative")
	}
	perMinute := cfg.SignInPerMinute
	if perMinute == 0 {
		perMinute = 5
	}
	s.signInClientLimit = newClientLimiter(perMinute/60, 10)
	s.signInAddressLimit = newClientLimiter(3.0/(15*60), 3)
	s.crossOrigin = http.NewCrossOriginProtection()
	s.crossOrigin.AddInsecureBypassPattern("POST /api/v1/verify")
	s.crossOrigin.AddInsecureBypassPattern("POST /verify")
	// Wallets post from anywhere (a web wallet is another origin); the
	// exchange takes no cookie, only a signed presentation.
	s.crossOrigin.AddInsecureBypassPattern("POST " + accolade.RouteWalletExchange)
	if u, err := url.Parse(s.urls.Base); err == nil && u.Host != "" {
		if err := s.crossOrigin.AddTrustedOrigin(u.Scheme + "://" + u.Host); err != nil {
			return errs.Wrap(errs.Invalid, err, "server: base URL as a trusted origin")
		}
	}
	return nil
}
