package server

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"github.com/accolade-badges/accolade"
	"net/http"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/accolade-badges/accolade/errs"
)

// beginPasskeySignIn answers the options of navigator.credentials.get for
// a sign-in with any passkey of this site: no address is asked, the
// authenticator offers the person's own. It counts against the same limit
// per client as asking for a mailed link.
func (s *Server) beginPasskeySignIn(w http.ResponseWriter, r *http.Request) error {
	if !s.passkeysOn() {
		return s.passkeyJSON(w, r, nil, s.passkeysOff(r))
	}
	if ok, _ := s.signInClientLimit.reserve(r.RemoteAddr); !ok {
		return s.passkeyJSON(w, r, nil, &passkeyError{http.StatusTooManyRequests, s.locale(r).T("account.passkeys.error.tooMany")})
	}
	assertion, sd, err := s.webauthn.BeginDiscoverableLogin(webauthn.WithUserVerification(protocol.VerificationRequired))
	if err != nil {
		return s.passkeyJSON(w, r, nil, errs.Wrap(errs.Internal, err, "beginning passkey sign-in"))
	}
	return s.passkeyJSON(w, r, assertion, s.startCeremony("", sd))
}

// finishPasskeySignIn checks the assertion against its challenge and the
// stored passkey, then starts a session as a mailed link does: a new
// random secret in the cookie, its hash in the store. It answers where to
// go next.
func (s *Server) finishPasskeySignIn(w http.ResponseWriter, r *http.Request) error {
	if !s.passkeysOn() {
		return s.passkeyJSON(w, r, nil, s.passkeysOff(r))
	}
	next, err := s.passkeySignIn(w, r)
	return s.passkeyJSON(w, r, map[string]string{"next": next}, err)
}

func (s *Server) passkeySignIn(w http.ResponseWriter, r *http.Request) (string, error) {
	loc := s.locale(r)
	refused := &passkeyError{http.StatusBadRequest, loc.T("account.passkeys.error.signIn")}
	a, err := s.readPasskeyAnswer(w, r)
	if err != nil {
		return "", err
	}
	parsed, err := protocol.ParseCredentialRequestResponseBytes(a.Credential)
	if err != nil {
		return "", &passkeyError{http.StatusBadRequest, loc.T("account.passkeys.error.invalid")}
	}
	sd, err := s.takeCeremony(r, parsed.Response.CollectedClientData.Challenge, "")
	if err != nil {
		return "", err
	}
	var found *accolade.Passkey
	user, cred, err := s.webauthn.ValidatePasskeyLogin(func(rawID, handle []byte) (webauthn.User, error) {
		p, err := s.store.Passkey(base64.RawURLEncoding.EncodeToString(rawID))
		if err != nil {
			return nil, err
		}
		m, err := s.store.Member(p.Member)
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(handle, userHandle(m.ID)) {
			return nil, errs.E(errs.Invalid, "user handle is not the passkey member's")
		}
		found = p
		return s.passkeyUserOf(m)
	}, *sd, parsed)
	if err != nil {
		s.log.Info("passkey sign-in refused", "err", err)
		return "", refused
	}
	if cred.Authenticator.CloneWarning {
		s.log.Warn("passkey sign-in refused: the sign count went back, the authenticator may be cloned", "passkey", found.ID)
		return "", refused
	}
	member := user.(*passkeyUser).m
	b, err := json.Marshal(cred)
	if err != nil {
		return "", errs.Wrap(errs.Internal, err, "encoding passkey")
	}
	secret, hash, err := s.newSecret()
	if err != nil {
		return "", err
	}
	now := s.now().UTC()
	sess := accolade.Session{Hash: hash, Member: member.ID, Created: now, LastSeen: now, Expires: now.Add(s.sessionMaxAge)}
	if err := s.store.UsePasskey(found.ID, b, cred.Authenticator.SignCount, sess); errs.KindOf(err) == errs.NotFound {
		return "", refused // removed meanwhile
	} else if err != nil {
		return "", err
	}
	if c, err := r.Cookie(s.sessionCookie()); err == nil && c.Value != "" {
		_ = s.sessions.DeleteSession(hashSecret(c.Value)) // the browser's previous session, if any
	}
	s.setSessionCookie(w, secret, sess.Expires)
	s.adoptLanguage(r, member.ID)
	s.pruneSessions(now)
	return s.sitePath(s.nextPath(a.Next)), nil
}
