package ob3

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"strings"
)

// AchievementSubject is the recipient of the credential and what they achieved.
type AchievementSubject struct {
	ID          string               `json:"id,omitempty"`
	Type        Types                `json:"type"`
	Name        string               `json:"name,omitempty"` // the holder's display name
	Identifier  List[IdentityObject] `json:"identifier,omitempty"`
	Achievement Achievement          `json:"achievement"`
	Extra       Extra                `json:"-"`
}

func (s AchievementSubject) MarshalJSON() ([]byte, error) {
	type plain AchievementSubject
	return encodeObject(plain(s), s.Extra)
}

func (s *AchievementSubject) UnmarshalJSON(data []byte) error {
	type plain AchievementSubject
	return decodeInto(data, (*plain)(s), &s.Extra)
}

// IdentityObject identifies the recipient, usually by a salted hash of an
// email address. Its schema allows no other properties.
type IdentityObject struct {
	Type         string `json:"type"`
	IdentityHash string `json:"identityHash"`
	IdentityType string `json:"identityType"`
	Hashed       bool   `json:"hashed"`
	Salt         string `json:"salt,omitempty"`
}

// HashIdentity returns "sha256$" + hex(sha256(identity + salt)), the OB 3.0
// IdentityHash. The identity is hashed exactly as given: normalise it first.
func HashIdentity(identity, salt string) string {
	sum := sha256.Sum256([]byte(identity + salt))
	return "sha256$" + hex.EncodeToString(sum[:])
}

// NormalizeEmail trims an email address and lowercases it, the form Accolade
// hashes so that "Ana@Example.org " and "ana@example.org" match.
func NormalizeEmail(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// EmailIdentity returns a hashed emailAddress IdentityObject for email with
// the given salt. The email itself is not kept.
func EmailIdentity(email, salt string) IdentityObject {
	return IdentityObject{
		Type:         TypeIdentityObject,
		IdentityHash: HashIdentity(NormalizeEmail(email), salt),
		IdentityType: "emailAddress",
		Hashed:       true,
		Salt:         salt,
	}
}

// NameIdentity returns an unhashed "name" IdentityObject for a person's
// display name, which verifiers and wallets show as the recipient.
func NameIdentity(name string) IdentityObject {
	return IdentityObject{Type: TypeIdentityObject, IdentityHash: name, IdentityType: "name", Hashed: false}
}

// Matches reports whether the identity object names identity: by hash (sha256
// or, for old credentials, md5 is not supported) when hashed, by equality
// otherwise. Email addresses are compared normalised.
func (o IdentityObject) Matches(identity string) bool {
	if o.IdentityType == "emailAddress" {
		identity = NormalizeEmail(identity)
	}
	if !o.Hashed {
		return o.IdentityHash == identity
	}
	want := strings.ToLower(o.IdentityHash)
	got := HashIdentity(identity, o.Salt)
	return subtle.ConstantTimeCompare([]byte(want), []byte(got)) == 1
}
