package issuer

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ob3"
)

// jwtPayloadByMap is how jwtPayload used to build the claims set: the
// credential decoded into a map, the claims set in it, and encoded again.
func jwtPayloadByMap(t *testing.T, body []byte, c *ob3.OpenBadgeCredential) []byte {
	t.Helper()
	var claims map[string]any
	if err := json.Unmarshal(body, &claims); err != nil {
		t.Fatal(err)
	}
	claims["iss"], claims["jti"], claims["nbf"] = c.Issuer.ID, c.ID, c.ValidFrom.Unix()
	if c.CredentialSubject.ID != "" {
		claims["sub"] = c.CredentialSubject.ID
	}
	if !c.ValidUntil.IsZero() {
		claims["exp"] = c.ValidUntil.Unix()
	}
	out, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// topLevelNames returns the member names of a JSON object in order,
// repeats included.
func topLevelNames(t *testing.T, data []byte) []string {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(data))
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("payload does not start an object: %v, %v", tok, err)
	}
	var names []string
	for d.More() {
		tok, err := d.Token()
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, tok.(string))
		var skip json.RawMessage
		if err := d.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return names
}

// TestJWTPayload: the claims set, spliced into the credential's bytes,
// parses with encoding/json to what decoding and re-encoding gave, has no
// member twice, and keeps the credential's bytes.
func TestJWTPayload(t *testing.T) {
	from := ob3.NewDateTime(time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC))
	for _, tt := range []struct {
		name, subject string
		until         bool
		body          string
	}{
		{"plain", "", false, `{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:uuid:1","name":"Trainer & <co>","proof":[{"type":"DataIntegrityProof"}]}`},
		{"subject and expiry", "did:example:ana", true, ` {"id":"urn:uuid:2","credentialSubject":{"id":"did:example:ana","n":12345678901}} `},
		{"escapes", "mailto:\"ana\"@x", true, `{"id":"urn:uuid:3"}`},
		{"empty object", "", false, `{}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := &ob3.OpenBadgeCredential{ID: "urn:uuid:" + tt.name, ValidFrom: from,
				Issuer: ob3.Profile{ID: "https://badges.example.org/issuers/default?a=1&b=<2>"}}
			c.CredentialSubject.ID = tt.subject
			if tt.until {
				c.ValidUntil = ob3.NewDateTime(from.Add(730 * 24 * time.Hour))
			}
			got, err := jwtPayload([]byte(tt.body), c)
			if err != nil {
				t.Fatalf("jwtPayload: %v", err)
			}
			var gotClaims, wantClaims map[string]any
			if err := json.Unmarshal(got, &gotClaims); err != nil {
				t.Fatalf("payload %s does not parse: %v", got, err)
			}
			if err := json.Unmarshal(jwtPayloadByMap(t, []byte(tt.body), c), &wantClaims); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(gotClaims, wantClaims) {
				t.Errorf("payload = %s\nwant the claims of %v", got, wantClaims)
			}
			names := topLevelNames(t, got)
			sorted := slices.Sorted(slices.Values(names))
			if len(slices.Compact(sorted)) != len(names) {
				t.Errorf("payload members %v: one is there twice", names)
			}
			if members := strings.TrimSpace(tt.body)[1:]; !bytes.HasSuffix(got, []byte(members)) {
				t.Errorf("payload %s does not end with the credential's members %s", got, members)
			}
		})
	}
}

// TestJWTPayloadRefusesClaimMembers: a credential with a member named as a
// registered claim is refused, whether modelled or kept in Extra.
func TestJWTPayloadRefusesClaimMembers(t *testing.T) {
	for _, name := range registeredClaims {
		c := &ob3.OpenBadgeCredential{ID: "urn:uuid:1", Extra: ob3.Extra{name: json.RawMessage(`"x"`)}}
		body, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := jwtPayload(body, c); errs.KindOf(err) != errs.Internal {
			t.Errorf("jwtPayload of a credential with member %q: %v, want Internal", name, err)
		}
	}
	// The modelled members: none is named as a claim.
	typ := reflect.TypeFor[ob3.OpenBadgeCredential]()
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if slices.Contains(registeredClaims, name) {
			t.Errorf("ob3.OpenBadgeCredential.%s is the member %q, which the VC-JWT sets as a claim", typ.Field(i).Name, name)
		}
	}
}
