package server

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/i18n"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/oid4vci"
)

// OpenID for Verifiable Credential Issuance, pre-authorised code flow: a
// wallet opens an offer link (oid4vci_offer.go makes offers), reads the
// offer and the metadata, redeems the pre-authorised code at /token for an
// access token, gets a c_nonce at /nonce, and collects the credential at
// /credential with a key proof (oid4vci_credential.go). Every secret is
// stored as its hash; the service is its own authorisation server.

// offerStore is what OpenID4VCI needs from storage; store.DB satisfies it.
type offerStore interface {
	CreateOffer(o *accolade.Offer, mail *accolade.Notice) error
	PendingOffer(hash string, now time.Time) (*accolade.Offer, error)
	RedeemOffer(codeHash, txCode string, now time.Time, tokenHash string, tokenExpires time.Time) (*accolade.Offer, error)
	OfferByToken(tokenHash string, now time.Time) (*accolade.Offer, error)
	SetOfferIssued(hash, credential, holder, nonceHash string, at time.Time) error
	CreateNonce(hash string, now, expires time.Time) error
	RedeemNonce(hash string, now time.Time) error
}

func (s *Server) oid4vciRoutes(m *routeMux) {
	m.HandleFunc("GET "+oid4vci.PathIssuerMeta, s.public(s.limited(s.issuerMetadata)))
	m.HandleFunc("GET "+oid4vci.PathAuthzServer, s.public(s.limited(s.authzServerMetadata)))
	m.HandleFunc("GET "+oid4vci.PathOffers+"{id}", s.public(s.limited(s.getOffer)))
	for path, h := range map[string]handler{oid4vci.PathToken: s.postWalletToken, oid4vci.PathNonce: s.postNonce,
		oid4vci.PathCredential: s.postWalletCredential} {
		h = s.walletErrors(h)
		if path == oid4vci.PathToken {
			h = s.oauthOrWallet(h) // the Open Badges API's grants too (oauth.go)
		}
		m.HandleFunc("POST "+path, s.public(s.limited(h)))
		// A wallet is no browser session: it proves itself with the code
		// or the token, never a cookie, so a web wallet's request from its
		// own origin is let through.
		s.crossOrigin.AddInsecureBypassPattern("POST " + path)
	}
	m.HandleFunc("POST /account/credentials/{id}/openid4vci", s.signedIn(s.memberWalletOffer))
	m.HandleFunc("POST /api/v1/credentials/{id}/offers", s.allow(accolade.ScopeCredentialsIssue, s.postOffer))
}

// issuerMetadata is /.well-known/openid-credential-issuer, from the
// default issuer's profile.
func (s *Server) issuerMetadata(w http.ResponseWriter, r *http.Request) error {
	p, err := s.store.Issuer(accolade.DefaultSlug)
	if err != nil {
		return err
	}
	d := oid4vci.Display{Name: p.Name, Locale: p.Lang}
	if p.Logo != "" {
		d.Logo = &oid4vci.Logo{URI: p.Logo, AltText: p.Name}
	}
	meta := oid4vci.Metadata(oid4vci.Issuer{ID: s.urls.Base, Display: []oid4vci.Display{d},
		Contexts: issuer.Contexts, JWTAlg: cmp.Or(string(p.Alg), "RS256"),
		Credential: []oid4vci.Display{{Name: "Open Badge", Locale: "en"}}})
	w.Header().Set("Cache-Control", "no-cache")
	s.writeJSON(w, r, http.StatusOK, "application/json", meta)
	return nil
}

// authzServerMetadata is /.well-known/oauth-authorization-server.
func (s *Server) authzServerMetadata(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-cache")
	raw, err := json.Marshal(oid4vci.AuthorizationServerMetadata(s.urls.Base))
	if err != nil {
		return err
	}
	var md map[string]any
	if err := json.Unmarshal(raw, &md); err != nil {
		return err
	}
	if s.oauth != nil {
		s.oauthMetadata(md)
	}
	s.writeJSON(w, r, http.StatusOK, "application/json", md)
	return nil
}

// getOffer serves a credential offer by reference while its code can be
// redeemed: the id in the path is the secret it was made with.
func (s *Server) getOffer(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	id := r.PathValue("id")
	gone := errs.E(errs.NotFound, "this credential offer is unknown, expired or already used: ask for a new one")
	if len(id) > 100 {
		return gone
	}
	o, err := s.store.PendingOffer(accolade.SecretHash(id), s.now())
	if errors.Is(err, accolade.ErrOfferUnknown) {
		return gone
	}
	if err != nil {
		return err
	}
	var tx *oid4vci.TxCode
	if o.TxCodeHash != "" {
		tx = &oid4vci.TxCode{InputMode: "numeric", Length: txCodeDigits, Description: s.txDescription(o)}
	}
	s.writeJSON(w, r, http.StatusOK, "application/json", oid4vci.NewOffer(s.urls.Base, accolade.PreAuthorizedCode(id), tx))
	return nil
}

// txDescription tells the holder, in their language, where the offer's
// transaction code is.
func (s *Server) txDescription(o *accolade.Offer) string {
	lang := ""
	if m, err := s.store.Member(o.Member); err == nil {
		lang = m.Lang
	}
	l := i18n.Default().Match(lang)
	if o.TxMailed {
		return l.T("member.offer.txDescription")
	}
	return l.T("member.offer.txGiven")
}

// postWalletToken is the token endpoint: the pre-authorised code grant
// (RFC 6749 §4.1.3 and §5 in form, OpenID4VCI §6).
func (s *Server) postWalletToken(w http.ResponseWriter, r *http.Request) error {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "application/x-www-form-urlencoded" {
		return oid4vci.Errorf(oid4vci.CodeInvalidRequest, "the token request must be application/x-www-form-urlencoded")
	}
	if err := r.ParseForm(); err != nil {
		return oid4vci.Errorf(oid4vci.CodeInvalidRequest, "the token request body is not a readable form")
	}
	f := r.PostForm
	for _, k := range []string{"grant_type", "pre-authorized_code", "tx_code"} {
		if len(f[k]) > 1 {
			return oid4vci.Errorf(oid4vci.CodeInvalidRequest, "%s is repeated: send each parameter once", k)
		}
	}
	switch g := f.Get("grant_type"); {
	case g == "":
		return oid4vci.Errorf(oid4vci.CodeInvalidRequest, "grant_type is missing")
	case g != oid4vci.GrantPreAuthorized:
		return oid4vci.Errorf(oid4vci.CodeUnsupportedGrantType, "only the grant type %s is supported here", oid4vci.GrantPreAuthorized)
	case f.Get("pre-authorized_code") == "":
		return oid4vci.Errorf(oid4vci.CodeInvalidRequest, "pre-authorized_code is missing")
	}
	now := s.now()
	token, tokenHash, err := s.walletSecret()
	if err != nil {
		return err
	}
	_, err = s.store.RedeemOffer(accolade.SecretHash(f.Get("pre-authorized_code")), f.Get("tx_code"), now, tokenHash, now.Add(accolade.OfferTokenTTL))
	switch {
	case errors.Is(err, accolade.ErrTxCodeMissing), errors.Is(err, accolade.ErrTxCodeUnexpected):
		return oid4vci.Errorf(oid4vci.CodeInvalidRequest, "%s", err.Error())
	case errors.Is(err, accolade.ErrOfferUnknown), errors.Is(err, accolade.ErrTxCodeWrong), errors.Is(err, accolade.ErrTxCodeExhausted):
		return oid4vci.Errorf(oid4vci.CodeInvalidGrant, "%s", err.Error())
	case err != nil:
		return err
	}
	nonce, err := s.newNonce()
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, "application/json", oid4vci.TokenResponse{AccessToken: token, TokenType: "Bearer",
		ExpiresIn: int(accolade.OfferTokenTTL / time.Second), CNonce: nonce, CNonceExpiresIn: int(accolade.NonceTTL / time.Second)})
	return nil
}

// postNonce is the nonce endpoint: a fresh c_nonce, single use.
func (s *Server) postNonce(w http.ResponseWriter, r *http.Request) error {
	_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, 1<<10))
	nonce, err := s.newNonce()
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, "application/json", oid4vci.NonceResponse{CNonce: nonce})
	return nil
}

// newNonce makes and stores a c_nonce. Nonces are kept, hashed, with their
// expiry, and deleted when used: a stateless (signed) nonce would need a
// record of its use anyway to be single-use, so the store keeps them from
// the start, and a used or unknown one is simply absent.
func (s *Server) newNonce() (string, error) {
	nonce, hash, err := s.walletSecret()
	if err != nil {
		return "", err
	}
	now := s.now()
	return nonce, s.store.CreateNonce(hash, now, now.Add(accolade.NonceTTL))
}

// walletSecret is 32 random bytes from the server's Rand as base64url text,
// and its hash as the store keeps it.
func (s *Server) walletSecret() (secret, hash string, err error) {
	b := make([]byte, 32)
	if _, err := io.ReadFull(s.rand, b); err != nil {
		return "", "", errs.Wrap(errs.Internal, err, "reading random bytes")
	}
	secret = base64.RawURLEncoding.EncodeToString(b)
	return secret, accolade.SecretHash(secret), nil
}

// draftNonce is a protocol error answered with a fresh c_nonce, as draft 13
// wallets expect of invalid_proof.
type draftNonce struct{ e *oid4vci.Error }

func (d draftNonce) Error() string { return d.e.Error() }
func (d draftNonce) Unwrap() error { return d.e }

// walletErrors answers a wallet endpoint's errors as OAuth does
// ({"error", "error_description"}, RFC 6749 §5.2, RFC 6750 §3), never as
// problem documents: 401 with WWW-Authenticate for invalid_token, 400 for
// the others, 500 server_error (logged, never described) for an internal
// failure. Every answer is no-store.
func (s *Server) walletErrors(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Cache-Control", "no-store")
		err := h(w, r)
		if err == nil {
			return nil
		}
		var mbe *http.MaxBytesError
		var pe *oid4vci.Error
		status := http.StatusBadRequest
		switch {
		case errors.As(err, &mbe):
			pe, status = oid4vci.Errorf(oid4vci.CodeInvalidRequest, "the request body is larger than %d bytes", mbe.Limit), http.StatusRequestEntityTooLarge
		case errors.As(err, &pe):
		case errs.KindOf(err) == errs.RateLimited:
			return err
		default:
			s.log.Error("wallet request failed", "method", r.Method, "path", r.URL.Path, "err", err)
			pe, status = &oid4vci.Error{Code: "server_error", Description: "internal error"}, http.StatusInternalServerError
		}
		body := map[string]any{"error": pe.Code, "error_description": pe.Description}
		if pe.Code == oid4vci.CodeInvalidToken {
			status = http.StatusUnauthorized
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token", error_description="`+pe.Description+`"`)
		}
		var dn draftNonce
		if errors.As(err, &dn) {
			if nonce, nerr := s.newNonce(); nerr == nil {
				body["c_nonce"], body["c_nonce_expires_in"] = nonce, int(accolade.NonceTTL/time.Second)
			}
		}
		s.writeJSON(w, r, status, "application/json", body)
		return nil
	}
}

// txCodeDigits is the length of a transaction code.
const txCodeDigits = 6

// newTxCode returns a uniformly random 6-digit transaction code from the
// server's Rand.
func (s *Server) newTxCode() (string, error) {
	var b [4]byte
	for {
		if _, err := io.ReadFull(s.rand, b[:]); err != nil {
			return "", errs.Wrap(errs.Internal, err, "reading random bytes")
		}
		n := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
		if n < 4294000000 { // a multiple of 10^6: no bias
			s := strconv.Itoa(int(n % 1000000))
			for len(s) < txCodeDigits {
				s = "0" + s
			}
			return s, nil
		}
	}
}
