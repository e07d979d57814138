package dataintegrity_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/accolade-badges/accolade/dataintegrity"
	"github.com/accolade-badges/accolade/errs"
)

// otherDidKey is a did:key of a different key (the W3C test vector's).
const otherDidKey = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"

// errInvalid stands for any errs.Invalid error in the table below.
var errInvalid = errors.New("any errs.Invalid error")

func TestVerifyTampering(t *testing.T) {
	signed, err := dataintegrity.Sign(readTestdata(t, "ob3_credential.json"), signerFromSeedHex(t, obSeedHex), testOptions)
	if err != nil {
		t.Fatal(err)
	}
	proofOf := func(m map[string]any) map[string]any { return m["proof"].([]any)[0].(map[string]any) }
	tests := []struct {
		name    string
		modify  func(m map[string]any)
		opts    []dataintegrity.Option
		want    error // the proof's Err; nil: verifies
		wantErr error // Verify's own error
	}{
		{"untouched", func(map[string]any) {}, nil, nil, nil},
		{"nested field", func(m map[string]any) { achievement(m)["name"] = "Project Trainer (Gold)" }, nil, dataintegrity.ErrSignature, nil},
		{"criteria narrative", func(m map[string]any) {
			achievement(m)["criteria"].(map[string]any)["narrative"] = "Ran one workshop."
		}, nil, dataintegrity.ErrSignature, nil},
		{"evidence removed", func(m map[string]any) { m["evidence"] = m["evidence"].([]any)[:2] }, nil, dataintegrity.ErrSignature, nil},
		{"identity hash", func(m map[string]any) {
			m["credentialSubject"].(map[string]any)["identifier"].([]any)[0].(map[string]any)["salt"] = "0000"
		}, nil, dataintegrity.ErrSignature, nil},
		{"validUntil", func(m map[string]any) { m["validUntil"] = "2099-01-01T00:00:00Z" }, nil, dataintegrity.ErrSignature, nil},
		{"field added", func(m map[string]any) { m["description"] = "Forged." }, nil, dataintegrity.ErrSignature, nil},
		{"proofValue", func(m map[string]any) {
			pv := []byte(proofOf(m)["proofValue"].(string))
			pv[10] ^= 1
			proofOf(m)["proofValue"] = string(pv)
		}, nil, dataintegrity.ErrSignature, nil},
		{"proofValue not multibase", func(m map[string]any) { proofOf(m)["proofValue"] = "abc" }, nil, dataintegrity.ErrMalformedProof, nil},
		{"verificationMethod of another key", func(m map[string]any) { proofOf(m)["verificationMethod"] = otherDidKey }, nil, dataintegrity.ErrSignature, nil},
		{"verificationMethod unresolvable", func(m map[string]any) { proofOf(m)["verificationMethod"] = "did:web:evil.example" }, nil, errors.New("resolver"), nil},
		{"proofPurpose", func(m map[string]any) { proofOf(m)["proofPurpose"] = "authentication" }, nil, dataintegrity.ErrProofPurpose, nil},
		{"proofPurpose, verifier expecting it", func(m map[string]any) { proofOf(m)["proofPurpose"] = "authentication" },
			[]dataintegrity.Option{dataintegrity.WithProofPurpose("authentication")}, dataintegrity.ErrSignature, nil},
		{"created", func(m map[string]any) { proofOf(m)["created"] = "2025-03-14T09:27:01Z" }, nil, dataintegrity.ErrSignature, nil},
		{"created removed", func(m map[string]any) { delete(proofOf(m), "created") }, nil, dataintegrity.ErrSignature, nil},
		{"created malformed", func(m map[string]any) { proofOf(m)["created"] = "yesterday" }, nil, dataintegrity.ErrMalformedProof, nil},
		{"cryptosuite", func(m map[string]any) { proofOf(m)["cryptosuite"] = "eddsa-jcs-2022" }, nil, dataintegrity.ErrUnsupportedProof, nil},
		{"proof type", func(m map[string]any) { proofOf(m)["type"] = "JsonWebSignature2020" }, nil, dataintegrity.ErrUnsupportedProof, nil},
		{"proof field added", func(m map[string]any) { proofOf(m)["expires"] = "2030-01-01T00:00:00Z" }, nil, dataintegrity.ErrSignature, nil},
		{"@context: unknown URL", func(m map[string]any) {
			m["@context"] = append(m["@context"].([]any), "https://evil.example/ctx")
		}, nil, nil, dataintegrity.ErrUnknownContext},
		{"@context: OB 3.0.3 replaced by 3.0.2", func(m map[string]any) {
			m["@context"].([]any)[1] = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json"
		}, nil, dataintegrity.ErrSignature, nil},
		{"@context: OB 3.0.3 replaced by 3.0.1", func(m map[string]any) {
			m["@context"].([]any)[1] = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json"
		}, nil, nil, errInvalid}, // 3.0.1 redefines terms VC 2.0 protects

		{"@context: extensions removed", func(m map[string]any) { m["@context"] = m["@context"].([]any)[:2] }, nil, nil, dataintegrity.ErrUndefinedTerm},
		{"@context: proof context not a prefix", func(m map[string]any) {
			proofOf(m)["@context"] = []any{"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"}
		}, nil, dataintegrity.ErrMalformedProof, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var m map[string]any
			if err := json.Unmarshal(signed, &m); err != nil {
				t.Fatal(err)
			}
			tc.modify(m)
			res, err := dataintegrity.Verify(context.Background(), mustJSON(t, m), dataintegrity.DidKeyResolver{}, tc.opts...)
			if tc.wantErr != nil {
				if (tc.wantErr != errInvalid && !errors.Is(err, tc.wantErr)) || errs.KindOf(err) != errs.Invalid {
					t.Errorf("Verify error = %v, want errs.Invalid wrapping %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if len(res) != 1 {
				t.Fatalf("Verify returned %d results, want 1", len(res))
			}
			got := res[0].Err
			switch {
			case tc.want == nil && got != nil:
				t.Errorf("Verify: proof error %v, want verified", got)
			case tc.want != nil && got == nil:
				t.Errorf("Verify: proof verified, want an error")
			case tc.want != nil && tc.want.Error() != "resolver" && !errors.Is(got, tc.want):
				t.Errorf("Verify: proof error %v, want %v", got, tc.want)
			}
		})
	}
}

// TestVerifyGraphEquivalent records what a signature over canonical RDF does
// not cover: JSON changes that leave the RDF graph unchanged. The credential
// still verifies; the shape of the JSON (the @context list, key order, array
// order) is for ob3 validation to check.
func TestVerifyGraphEquivalent(t *testing.T) {
	signed, err := dataintegrity.Sign(readTestdata(t, "ob3_credential.json"), signerFromSeedHex(t, obSeedHex), testOptions)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		modify func(m map[string]any)
	}{
		{"unused context added", func(m map[string]any) {
			m["@context"] = append(m["@context"].([]any), "https://w3id.org/security/data-integrity/v2")
		}},
		{"@context order", func(m map[string]any) {
			c := m["@context"].([]any)
			c[0], c[1] = c[1], c[0]
		}},
		{"type order", func(m map[string]any) { m["type"] = []any{"OpenBadgeCredential", "VerifiableCredential"} }},
		{"evidence order", func(m map[string]any) {
			e := m["evidence"].([]any)
			e[0], e[2] = e[2], e[0]
		}},
		{"single type as a string", func(m map[string]any) { achievement(m)["type"] = "Achievement" }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var m map[string]any
			if err := json.Unmarshal(signed, &m); err != nil {
				t.Fatal(err)
			}
			tc.modify(m)
			res, err := dataintegrity.Verify(context.Background(), mustJSON(t, m), dataintegrity.DidKeyResolver{})
			if err != nil || len(res) != 1 || res[0].Err != nil {
				t.Errorf("Verify = %+v, %v; want verified (same RDF graph)", res, err)
			}
		})
	}
}

func TestVerifyProofSet(t *testing.T) {
	doc := readTestdata(t, "ob3_credential.json")
	signed, err := dataintegrity.Sign(doc, signerFromSeedHex(t, obSeedHex), testOptions)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(signed, &m); err != nil {
		t.Fatal(err)
	}
	good := m["proof"].([]any)[0].(map[string]any)
	bad := map[string]any{}
	for k, v := range good {
		bad[k] = v
	}
	bad["verificationMethod"] = otherDidKey
	m["proof"] = []any{good, bad, map[string]any{"type": "BbsBlsSignature2020"}}
	res, err := dataintegrity.Verify(context.Background(), mustJSON(t, m), dataintegrity.DidKeyResolver{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 3 || res[0].Err != nil || !errors.Is(res[1].Err, dataintegrity.ErrSignature) || !errors.Is(res[2].Err, dataintegrity.ErrUnsupportedProof) {
		t.Errorf("Verify = %+v, want [verified, ErrSignature, ErrUnsupportedProof]", res)
	}
}
