package mail

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// UnsubscribePath is where the unsubscribe page of a token is served:
// UnsubscribePath + token, for GET (a page with a button) and POST (the
// button, and RFC 8058 one-click).
const UnsubscribePath = "/unsubscribe/"

// unsubscribeContext separates these MACs from any other use of the secret.
const unsubscribeContext = "accolade unsubscribe v1\x00"

// UnsubscribeToken returns the token of member's unsubscribe link: the
// member id and an HMAC-SHA256 of it under secret, both base64url, joined
// by a dot. It never expires; a new secret voids every token.
func UnsubscribeToken(secret []byte, member string) string {
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(member)) + "." + enc.EncodeToString(unsubscribeMAC(secret, member))
}

// UnsubscribeURL returns the unsubscribe link of member at base.
func UnsubscribeURL(base string, secret []byte, member string) string {
	return strings.TrimRight(base, "/") + UnsubscribePath + UnsubscribeToken(secret, member)
}

// UnsubscribeMember returns the member whose token this is, and false when
// the token is malformed or its MAC is wrong (compared in constant time).
func UnsubscribeMember(secret []byte, token string) (string, bool) {
	enc := base64.RawURLEncoding
	idPart, macPart, ok := strings.Cut(token, ".")
	if !ok || len(secret) == 0 {
		return "", false
	}
	id, err1 := enc.DecodeString(idPart)
	mac, err2 := enc.DecodeString(macPart)
	if err1 != nil || err2 != nil || len(id) == 0 {
		return "", false
	}
	if !hmac.Equal(mac, unsubscribeMAC(secret, string(id))) {
		return "", false
	}
	return string(id), true
}

func unsubscribeMAC(secret []byte, member string) []byte {
	h := hmac.New(sha256.New, secret)
	h.Write([]byte(unsubscribeContext + member))
	return h.Sum(nil)
}
