package verifier

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// specFiles returns the files matching pattern under ../shared/spec (the
// shared specification material beside the repository), or none on a
// clone without it.
func specFiles(tb testing.TB, pattern string) [][]byte {
	tb.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "spec", pattern))
	var out [][]byte
	for _, f := range files {
		if b, err := os.ReadFile(f); err == nil {
			out = append(out, b)
		}
	}
	return out
}

// FuzzParseCompactJWS: parseCompactJWS never panics; what it accepts has a
// signing input that is exactly the first two parts, canonical base64url
// parts, and a header and payload without duplicate keys.
func FuzzParseCompactJWS(f *testing.F) {
	enc := base64.RawURLEncoding.EncodeToString
	f.Add([]byte(enc([]byte(`{"alg":"EdDSA","kid":"k"}`)) + "." + enc([]byte(`{"iss":"a"}`)) + ".c2ln"))
	f.Add([]byte(enc([]byte(`{"alg":"none","alg":"EdDSA"}`)) + "." + enc([]byte(`{}`)) + "."))
	f.Add([]byte(enc([]byte(`{"alg":"ES256","crit":["b64"]}`)) + "." + enc([]byte(`{"a":{"b":1,"b":2}}`)) + ".AA"))
	for _, b := range specFiles(f, "examples/*.json") {
		var m map[string]any
		if json.Unmarshal(b, &m) == nil {
			for _, v := range m {
				if s, ok := v.(string); ok && strings.Count(s, ".") == 2 {
					f.Add([]byte(s))
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, token []byte) {
		j, err := parseCompactJWS(token)
		if err != nil {
			return
		}
		parts := strings.Split(string(bytes.TrimSpace(token)), ".")
		if string(j.signingInput) != parts[0]+"."+parts[1] {
			t.Errorf("signing input %q, want the first two parts %q", j.signingInput, parts[0]+"."+parts[1])
		}
		if enc(j.payload) != parts[1] || enc(j.signature) != parts[2] {
			t.Errorf("a non-canonical base64url part was accepted: %q", token)
		}
		if err := checkDuplicateKeys(j.payload, "payload"); err != nil {
			t.Errorf("accepted a payload with duplicate keys: %v", err)
		}
		if _, _, err := credentialFromPayload(j.payload); err == nil && !json.Valid(j.payload) {
			t.Errorf("credentialFromPayload accepted invalid JSON %q", j.payload)
		}
	})
}

// FuzzCheckDuplicateKeys compares the scanner with a reference: decoding
// every object into a map and counting its keys against the raw tokens.
func FuzzCheckDuplicateKeys(f *testing.F) {
	for _, s := range []string{`{"a":1,"a":2}`, `{"a":{"b":[{"c":1},{"c":1}]}}`, `[{"x":1,"y":{"x":2}}]`, `{"a":1,"b":{"a":1,"a":1}}`, `"s"`, `{}`} {
		f.Add([]byte(s))
	}
	for _, b := range specFiles(f, "examples/*.json") {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) || len(data) > 1<<16 {
			return
		}
		got := checkDuplicateKeys(data, "it") != nil
		if want := hasDuplicates(t, data); got != want {
			t.Errorf("checkDuplicateKeys(%q) found duplicates %v, want %v", data, got, want)
		}
	})
}

// hasDuplicates is the reference: an object has a duplicate when decoding
// it into a map loses a key.
func hasDuplicates(t *testing.T, data []byte) bool {
	var raw json.RawMessage = data
	var walk func(json.RawMessage) bool
	walk = func(v json.RawMessage) bool {
		v = bytes.TrimSpace(v)
		switch {
		case len(v) > 0 && v[0] == '{':
			var m map[string]json.RawMessage
			if err := json.Unmarshal(v, &m); err != nil {
				t.Fatalf("reference decoding %q: %v", v, err)
			}
			dec := json.NewDecoder(bytes.NewReader(v))
			dec.Token()
			n := 0
			for dec.More() {
				dec.Token()
				var skip json.RawMessage
				dec.Decode(&skip)
				n++
			}
			if n != len(m) {
				return true
			}
			for _, e := range m {
				if walk(e) {
					return true
				}
			}
		case len(v) > 0 && v[0] == '[':
			var a []json.RawMessage
			json.Unmarshal(v, &a)
			for _, e := range a {
				if walk(e) {
					return true
				}
			}
		}
		return false
	}
	return walk(raw)
}

// FuzzParseCredential: parseCredential never panics, and a credential it
// reads reads the same after a round trip through its JSON encoding.
func FuzzParseCredential(f *testing.F) {
	for _, b := range specFiles(f, "examples/*.json") {
		f.Add(b)
	}
	f.Add([]byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential","OpenBadgeCredential"],"issuer":"did:example:1","validFrom":"2024-01-01T00:00:00Z","credentialSubject":{"achievement":{}}}`))
	f.Add([]byte(`{"credentialStatus":[{"type":"BitstringStatusListEntry"}],"issuer":{"id":1}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := parseCredential(data)
		if err != nil {
			return
		}
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatalf("re-encoding a parsed credential: %v", err)
		}
		if bytes.HasPrefix(b, []byte(`{"@context":null`)) {
			return // a document without @context re-encodes it as null, which ob3 refuses
		}
		c2, err := parseCredential(b)
		if err != nil {
			t.Fatalf("a parsed credential does not parse again: %v\n%s", err, b)
		}
		if c.ID != c2.ID || c.Issuer.ID != c2.Issuer.ID || c.Start() != c2.Start() || c.End() != c2.End() {
			t.Errorf("round trip changed the credential: %+v -> %+v", c, c2)
		}
	})
}

// FuzzDecodeList: decodeList never panics, never returns more than
// maxBitstringBytes, and decodes what a GZIP writer encodes back to the
// same bits.
func FuzzDecodeList(f *testing.F) {
	encode := func(bits []byte) string {
		var z bytes.Buffer
		w := gzip.NewWriter(&z)
		w.Write(bits)
		w.Close()
		return "u" + base64.RawURLEncoding.EncodeToString(z.Bytes())
	}
	f.Add([]byte{0x80, 1}, encode(make([]byte, minListBits/8)))
	f.Add([]byte{}, "H4sIAAAAAAAA_2IYBaNgFAxPAAAAAP__AQAA__8")
	f.Add([]byte{1}, "uH4sI=")
	for _, b := range specFiles(f, "examples/*bitstring*.json") {
		for _, m := range strings.Split(string(b), `"encodedList"`)[1:] {
			if _, v, ok := strings.Cut(m, `"`); ok {
				if s, _, ok := strings.Cut(v, `"`); ok {
					f.Add([]byte{}, s)
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, set []byte, enc string) {
		bits, err := decodeList(enc)
		if len(bits) > maxBitstringBytes {
			t.Errorf("decodeList returned %d bytes, over the %d cap", len(bits), maxBitstringBytes)
		}
		if err == nil && len(bits)*8 < minListBits {
			t.Errorf("decodeList accepted a %d-bit list, under the minimum", len(bits)*8)
		}
		// Round trip: a list of the minimum length with bytes of set.
		want := make([]byte, minListBits/8)
		copy(want, set)
		got, err := decodeList(encode(want))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("decodeList(encode(list)) = %d bytes, %v; want the list back", len(got), err)
		}
	})
}

// FuzzObjectMembers checks the one-pass object splitter against
// encoding/json: every valid object (and nothing else) is split, into the
// keys a json.Decoder reads, in its order, with values that decode as the
// object's.
func FuzzObjectMembers(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":1}`, ` { "a" : [1,{"b":"}"}] , "c\"d":"e\\","f":null } `, `{"\u0041":true,"b":-1.5e3}`,
		`[1]`, `{"a":}`, `{"a":1,}`, `{"a":"\\"}`, `{"a":{"b":[[]]}}`, `"x"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		members, ok := objectMembers(b)
		var ref map[string]any
		isObject := json.Unmarshal(b, &ref) == nil && ref != nil
		if ok != isObject {
			t.Fatalf("objectMembers(%q) ok = %v, encoding/json reads an object: %v", b, ok, isObject)
		}
		if !ok {
			return
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.Token()
		for i := 0; dec.More(); i++ {
			k, _ := dec.Token()
			var v any
			dec.Decode(&v)
			if i >= len(members) || members[i].key != k {
				t.Fatalf("objectMembers(%q) member %d = %+v, want key %q", b, i, members, k)
			}
			var got any
			if err := json.Unmarshal(members[i].value, &got); err != nil || !reflect.DeepEqual(got, v) {
				t.Fatalf("objectMembers(%q) value of %q = %q (%v), want %v", b, k, members[i].value, err, v)
			}
		}
	})
}
