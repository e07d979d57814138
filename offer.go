package accolade

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"

	"github.com/accolade-badges/accolade/errs"
)

// This file holds the state of an OpenID4VCI credential offer (package
// oid4vci has the protocol): what the store keeps of an offer from the
// moment a member or a coordinator asks for one until the wallet has
// collected the credential. Secrets are never here, only their hex SHA-256:
// the offer's id (in its URL), the pre-authorised code, the transaction code
// (tx_code), the access token and the nonces.

// OfferTTL is how long an offer's link and pre-authorised code work;
// OfferTokenTTL how long the access token a wallet gets for it works, and
// NonceTTL a c_nonce.
const (
	OfferTTL      = 10 * time.Minute
	OfferTokenTTL = 10 * time.Minute
	NonceTTL      = 5 * time.Minute
	// OfferTxAttempts is how many wrong transaction codes kill an offer.
	OfferTxAttempts = 5
)

// Offer errors. The wording is for a wallet's developer: OpenID4VCI error
// descriptions are ASCII without quotes or backslashes.
var (
	// ErrOfferUnknown is a pre-authorised code or offer that is unknown,
	// past its time or already used (errs.Invalid).
	ErrOfferUnknown = errs.E(errs.Invalid, "the pre-authorized code is unknown, expired or already used")
	// ErrTxCodeMissing is a token request without the tx_code its offer
	// needs (errs.Invalid).
	ErrTxCodeMissing = errs.E(errs.Invalid, "this offer needs its transaction code: send it as tx_code")
	// ErrTxCodeUnexpected is a tx_code sent for an offer that has none
	// (errs.Invalid).
	ErrTxCodeUnexpected = errs.E(errs.Invalid, "this offer has no transaction code: send no tx_code")
	// ErrTxCodeWrong is a wrong tx_code; the offer still works, for fewer
	// attempts (errs.Invalid).
	ErrTxCodeWrong = errs.E(errs.Invalid, "the transaction code is wrong")
	// ErrTxCodeExhausted is the wrong tx_code that used up the offer's
	// attempts: it no longer works (errs.Invalid).
	ErrTxCodeExhausted = errs.E(errs.Invalid, "the transaction code was wrong too many times: this offer no longer works, ask for a new one")
	// ErrOfferToken is an access token that is unknown or past its time
	// (errs.Unauthorized).
	ErrOfferToken = errs.E(errs.Unauthorized, "the access token is unknown or expired")
	// ErrNonceUnknown is a c_nonce that was never given, is past its time or
	// was already used (errs.Invalid).
	ErrNonceUnknown = errs.E(errs.Invalid, "the nonce is unknown, expired or already used: get a new one from the nonce endpoint")
)

// Offer is a credential offer: one credential of one member, for one wallet
// to collect once, bound to a key the wallet proves it holds.
type Offer struct {
	Hash       string // hex SHA-256 of the offer's id, the secret in its URL
	Credential string // the credential offered (the member's copy)
	Member     string
	CodeHash   string // hex SHA-256 of the pre-authorised code (see PreAuthorizedCode)
	TxCodeHash string // see TxCodeHash; empty: the offer has no tx_code
	TxMailed   bool   // the tx_code was mailed to the member
	Created    time.Time
	Expires    time.Time // of the link and the pre-authorised code
	TxFailures int       // wrong tx_codes so far

	// Set when the wallet redeems the pre-authorised code.
	TokenHash    string // hex SHA-256 of the access token
	TokenExpires time.Time

	// Set when the credential was issued: the bound copy, its holder's DID
	// and the hash of the nonce of the key proof it was issued for, so that
	// a retry of the same request gets the same credential.
	Issued    string
	Holder    string
	NonceHash string
	IssuedAt  time.Time
}

// Redeemed reports whether the offer's pre-authorised code was used.
func (o *Offer) Redeemed() bool { return o.TokenHash != "" }

// Pending reports whether the offer's code can still be redeemed at now.
func (o *Offer) Pending(now time.Time) bool {
	return !o.Redeemed() && now.Before(o.Expires) && o.TxFailures < OfferTxAttempts
}

// SecretHash is the hex SHA-256 of a secret as the store keys it.
func SecretHash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// PreAuthorizedCode is the pre-authorised code of the offer whose id is
// id: base64url of SHA-256 over a label and the id. Whoever holds the id
// can read the offer, and so the code, at its URL; the store holds
// neither, only SecretHash of each, so the code is derived rather than
// kept. Deriving it (instead of a second random value) is what lets the
// offer be served again while the store keeps no secret.
func PreAuthorizedCode(id string) string {
	sum := sha256.Sum256([]byte("accolade openid4vci pre-authorized_code\x00" + id))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// TxCodeHash is what the store keeps of an offer's transaction code: the
// hex SHA-256 of the offer's hash and the code. The code is 6 digits, so
// the hash alone would not hide it from someone with the file; what it
// protects is the pre-authorised code, which the file does not hold.
func TxCodeHash(offerHash, code string) string {
	return SecretHash(offerHash + "\x00" + code)
}
