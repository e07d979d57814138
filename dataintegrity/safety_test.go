package dataintegrity_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/piprate/json-gold/ld"

	"github.com/accolade-badges/accolade/dataintegrity"
	"github.com/accolade-badges/accolade/errs"
)

// credential returns the realistic test credential as a map to modify.
func credential(tb testing.TB) map[string]any {
	tb.Helper()
	var m map[string]any
	if err := json.Unmarshal(readTestdata(tb, "ob3_credential.json"), &m); err != nil {
		tb.Fatal(err)
	}
	return m
}

func achievement(m map[string]any) map[string]any {
	return m["credentialSubject"].(map[string]any)["achievement"].(map[string]any)
}

var testOptions = dataintegrity.Options{
	VerificationMethod: "did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi",
	Created:            time.Date(2025, 3, 14, 9, 27, 0, 0, time.UTC),
}

// rejectTest is a document that Canonicalize, Sign and Verify must all
// refuse with errs.Invalid wrapping want, naming name in the message.
type rejectTest struct {
	name   string
	modify func(m map[string]any)
	want   error
	inMsg  string // the message names this
	field  string // errs.FieldOf, when not ""
	verify bool   // also Verify refuses it (false: only Sign does)
}

func runRejectTests(t *testing.T, tests []rejectTest) {
	t.Helper()
	signer := signerFromSeedHex(t, obSeedHex)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := credential(t)
			tc.modify(m)
			doc := mustJSON(t, m)
			check := func(op string, err error) {
				t.Helper()
				if err == nil {
					t.Fatalf("%s succeeded, want an error wrapping %v", op, tc.want)
				}
				if !errors.Is(err, tc.want) || errs.KindOf(err) != errs.Invalid {
					t.Errorf("%s error = %v (kind %v), want errs.Invalid wrapping %v", op, err, errs.KindOf(err), tc.want)
				}
				if !strings.Contains(err.Error(), tc.inMsg) {
					t.Errorf("%s error = %q, want it to name %q", op, err, tc.inMsg)
				}
				if tc.field != "" && errs.FieldOf(err) != tc.field {
					t.Errorf("%s error field = %q, want %q", op, errs.FieldOf(err), tc.field)
				}
			}
			_, err := dataintegrity.Sign(doc, signer, testOptions)
			check("Sign", err)
			if !tc.verify {
				if _, err := dataintegrity.Canonicalize(doc); err != nil {
					t.Errorf("Canonicalize: %v, want it accepted (only Sign refuses it)", err)
				}
				return
			}
			_, err = dataintegrity.Canonicalize(doc)
			check("Canonicalize", err)
			m["proof"] = []any{map[string]any{"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022",
				"verificationMethod": testOptions.VerificationMethod, "proofPurpose": "assertionMethod", "proofValue": "z1"}}
			_, err = dataintegrity.Verify(context.Background(), mustJSON(t, m), dataintegrity.DidKeyResolver{})
			check("Verify", err)
		})
	}
}

func TestUnknownContext(t *testing.T) {
	const evil = "https://evil.example/context.json"
	runRejectTests(t, []rejectTest{
		{"appended", func(m map[string]any) { m["@context"] = append(m["@context"].([]any), evil) },
			dataintegrity.ErrUnknownContext, evil, "@context[3]", true},
		{"http for https", func(m map[string]any) { m["@context"].([]any)[0] = "http://www.w3.org/ns/credentials/v2" },
			dataintegrity.ErrUnknownContext, "http://www.w3.org/ns/credentials/v2", "@context[0]", true},
		{"VCDM 1.1 examples context not embedded", func(m map[string]any) {
			m["@context"] = append(m["@context"].([]any), "https://www.w3.org/2018/credentials/examples/v1")
		}, dataintegrity.ErrUnknownContext, "https://www.w3.org/2018/credentials/examples/v1", "", true},
		{"scoped in an inline context", func(m map[string]any) {
			m["@context"] = append(m["@context"].([]any), map[string]any{
				"extra": map[string]any{"@id": "https://example.org/extra", "@context": evil}})
			m["extra"] = map[string]any{"id": "https://example.org/x"}
		}, dataintegrity.ErrUnknownContext, evil, "", true},
	})
}

func TestUndefinedTerms(t *testing.T) {
	runRejectTests(t, []rejectTest{
		{"top-level property", func(m map[string]any) { m["colour"] = "blue" },
			dataintegrity.ErrUndefinedTerm, `"colour"`, "colour", true},
		{"nested property", func(m map[string]any) { achievement(m)["achievmentType"] = "Badge" },
			dataintegrity.ErrUndefinedTerm, `"achievmentType"`, "credentialSubject.achievement.achievmentType", true},
		{"property in an array element", func(m map[string]any) {
			m["evidence"].([]any)[1].(map[string]any)["hours"] = 3
		}, dataintegrity.ErrUndefinedTerm, `"hours"`, "evidence[1].hours", true},
		{"property of a blank node", func(m map[string]any) {
			m["credentialSubject"].(map[string]any)["identifier"].([]any)[0].(map[string]any)["emailAddress"] = "a@example.org"
		}, dataintegrity.ErrUndefinedTerm, `"emailAddress"`, "credentialSubject.identifier[0].emailAddress", true},
		{"top-level type", func(m map[string]any) { m["type"] = []any{"VerifiableCredential", "OpenBadgeCredential", "FancyBadge"} },
			dataintegrity.ErrUndefinedTerm, `"FancyBadge"`, "type", true},
		{"nested type", func(m map[string]any) { achievement(m)["type"] = []any{"Achievement", "Trophy"} },
			dataintegrity.ErrUndefinedTerm, `"Trophy"`, "credentialSubject.achievement.type", true},
		{"type of a value in an array", func(m map[string]any) {
			m["evidence"].([]any)[2].(map[string]any)["type"] = []any{"Evidence", "Attestation"}
		}, dataintegrity.ErrUndefinedTerm, `"Attestation"`, "evidence[2].type", true},
		{"keyword-like key", func(m map[string]any) { achievement(m)["@weight"] = 2 },
			dataintegrity.ErrUndefinedTerm, `"@weight"`, "credentialSubject.achievement.@weight", true},
		{"extensions context removed", func(m map[string]any) { m["@context"] = m["@context"].([]any)[:2] },
			dataintegrity.ErrUndefinedTerm, `"1EdTechJsonSchemaValidator2019"`, "credentialSchema[0].type", true},
		{"OB context removed", func(m map[string]any) { m["@context"] = []any{m["@context"].([]any)[0]} },
			dataintegrity.ErrUndefinedTerm, "undefined", "", true},
	})
}

// TestUndefinedTermsInScopeWithoutVocab covers the one place where the
// processor's catch-all vocabulary is reset: the VC 2.0 context nulls the
// context inside verifiableCredential. json-gold's safe mode catches it.
func TestUndefinedTermsInScopeWithoutVocab(t *testing.T) {
	doc := `{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiablePresentation"],
		"verifiableCredential":[{"id":"urn:uuid:1","colour":"blue"}]}`
	_, err := dataintegrity.Canonicalize([]byte(doc))
	if !errors.Is(err, dataintegrity.ErrUndefinedTerm) || errs.KindOf(err) != errs.Invalid {
		t.Errorf("Canonicalize(VP with undefined term) error = %v, want errs.Invalid wrapping ErrUndefinedTerm", err)
	}
}

func TestDefinedByContextVocab(t *testing.T) {
	// The W3C examples context maps every term with @vocab: nothing is
	// undefined there, as JSON-LD says.
	doc := `{"@context":["https://www.w3.org/ns/credentials/v2","https://www.w3.org/ns/credentials/examples/v2"],
		"type":["VerifiableCredential","AnyCredential"],"issuer":"did:example:1","anyTerm":"x"}`
	nq, err := dataintegrity.Canonicalize([]byte(doc), examplesContext(t))
	if err != nil {
		t.Fatalf("Canonicalize: %v", err)
	}
	if !strings.Contains(nq, "<https://www.w3.org/ns/credentials/examples#anyTerm>") {
		t.Errorf("Canonicalize = %s, want anyTerm in the examples vocabulary", nq)
	}
}

func TestUnsignableValues(t *testing.T) {
	runRejectTests(t, []rejectTest{
		{"relative id", func(m map[string]any) { achievement(m)["id"] = "project-trainer" },
			dataintegrity.ErrUnsignable, `"project-trainer"`, "credentialSubject.achievement", true},
		{"relative IRI value", func(m map[string]any) { m["issuer"].(map[string]any)["id"] = "issuers/default" },
			dataintegrity.ErrUnsignable, `"issuers/default"`, "issuer", true},
		{"space in an IRI", func(m map[string]any) { m["evidence"].([]any)[0].(map[string]any)["id"] = "https://example.org/a b" },
			dataintegrity.ErrUnsignable, `"https://example.org/a b"`, "evidence[0]", true},
		{"blank node property", func(m map[string]any) { m["_:secret"] = "x" },
			dataintegrity.ErrUnsignable, `"_:secret"`, "", true},
		{"bad language tag", func(m map[string]any) { m["name"] = map[string]any{"@value": "Trainer", "@language": "en_GB"} },
			dataintegrity.ErrUnsignable, `"en_gb"`, "", true}, // json-gold lower-cases tags
		{"direction", func(m map[string]any) {
			m["name"] = map[string]any{"@value": "مدرب", "@language": "ar", "@direction": "rtl"}
		}, dataintegrity.ErrUnsignable, "@direction", "", true},
		{"tiny number", func(m map[string]any) {
			m["credentialSubject"].(map[string]any)["identifier"].([]any)[0].(map[string]any)["salt"] = 1e-7
		},
			dataintegrity.ErrUnsignable, "1e-7", "credentialSubject.identifier[0].salt", true},
		{"huge number", func(m map[string]any) {
			m["credentialSubject"].(map[string]any)["identifier"].([]any)[0].(map[string]any)["salt"] = 1e300
		},
			dataintegrity.ErrUnsignable, "outside", "credentialSubject.identifier[0].salt", true},
	})
}

func TestControlCharacters(t *testing.T) {
	var tests []rejectTest
	for _, r := range []rune{0x00, 0x01, 0x07, '\b', '\t', 0x0b, '\f', 0x0e, 0x1b, 0x1f, 0x7f} {
		s := "Project " + string(r) + "Trainer"
		tests = append(tests, rejectTest{
			name: s, modify: func(m map[string]any) { achievement(m)["name"] = s },
			want: dataintegrity.ErrUnsignable, inMsg: "control character", field: "credentialSubject.achievement.name",
		})
	}
	runRejectTests(t, tests) // Sign refuses; Canonicalize accepts

	// Canonicalize escapes every control character as RDFC-1.0 and jsonld.js 9 do.
	got, err := dataintegrity.Canonicalize(readTestdata(t, "controls.json"))
	if err != nil {
		t.Fatal(err)
	}
	if want := string(readTestdata(t, "controls.jsonld9.nq")); got != want {
		t.Errorf("Canonicalize(controls.json) =\n%q\nwant (jsonld.js 9)\n%q", got, want)
	}
	// Sign accepts LF, CR, quotes and backslashes.
	m := credential(t)
	achievement(m)["description"] = "line 1\nline 2\r\n\"quoted\" \\ back"
	if _, err := dataintegrity.Sign(mustJSON(t, m), signerFromSeedHex(t, obSeedHex), testOptions); err != nil {
		t.Errorf("Sign(LF, CR, quote, backslash): %v", err)
	}
}

// TestJSONGoldEscaping records json-gold's N-Quads string escaping, one
// reason this package serializes N-Quads itself (rdfc.go): RDFC-1.0 wants \b
// \f and \uXXXX for the other C0 controls and DEL; json-gold writes them raw.
func TestJSONGoldEscaping(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a\tb", `a\tb`}, {"a\nb", `a\nb`}, {"a\rb", `a\rb`}, {`a"b`, `a\"b`}, {`a\b`, `a\\b`},
		{"a\bb", "a\bb"}, {"a\fb", "a\fb"}, {"a\x01b", "a\x01b"}, {"a\x0bb", "a\x0bb"}, {"a\x7fb", "a\x7fb"},
	}
	for _, tc := range tests {
		doc := map[string]any{"@context": map[string]any{"n": "https://schema.org/name"}, "@id": "urn:x", "n": tc.in}
		opts := ld.NewJsonLdOptions("")
		opts.Algorithm = ld.AlgorithmURDNA2015
		opts.Format = "application/n-quads"
		got, err := ld.NewJsonLdProcessor().Normalize(doc, opts)
		if err != nil {
			t.Fatal(err)
		}
		if want := `<urn:x> <https://schema.org/name> "` + tc.want + "\" .\n"; got != want {
			t.Errorf("json-gold Normalize(%q) = %q, want %q", tc.in, got, want)
		}
	}
}

func TestSignRejects(t *testing.T) {
	doc := readTestdata(t, "ob3_credential.json")
	signer := signerFromSeedHex(t, obSeedHex)
	signed, err := dataintegrity.Sign(doc, signer, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		doc  []byte
		opts dataintegrity.Options
		want error
	}{
		{"has proof", signed, testOptions, dataintegrity.ErrHasProof},
		{"no verification method", doc, dataintegrity.Options{Created: testOptions.Created}, nil},
		{"no created", doc, dataintegrity.Options{VerificationMethod: "did:key:x"}, nil},
		{"not an object", []byte(`["x"]`), testOptions, nil},
		{"bad UTF-8", []byte("{\"name\":\"\xff\"}"), testOptions, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := dataintegrity.Sign(tc.doc, signer, tc.opts)
			if errs.KindOf(err) != errs.Invalid || (tc.want != nil && !errors.Is(err, tc.want)) {
				t.Errorf("Sign error = %v (kind %v), want errs.Invalid %v", err, errs.KindOf(err), tc.want)
			}
		})
	}
}

func TestWithContextsCannotReplace(t *testing.T) {
	opt := dataintegrity.WithContexts(map[string][]byte{"https://www.w3.org/ns/credentials/v2": []byte(`{"@context":{}}`)})
	if _, err := dataintegrity.Canonicalize(readTestdata(t, "ob3_credential.json"), opt); errs.KindOf(err) != errs.Invalid {
		t.Errorf("Canonicalize with a replaced embedded context: error = %v, want errs.Invalid", err)
	}
}

// TestLiteralsMatchJavaScript compares literal conversion, including JSON
// literals, with jsonld.js 9 (testdata/README.md).
func TestLiteralsMatchJavaScript(t *testing.T) {
	got, err := dataintegrity.Canonicalize(readTestdata(t, "literals.json"))
	if err != nil {
		t.Fatal(err)
	}
	if want := string(readTestdata(t, "literals.jsonld9.nq")); got != want {
		t.Errorf("Canonicalize(literals.json) =\n%s\nwant (jsonld.js)\n%s", got, want)
	}
}
