package ob3_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/accolade-badges/accolade/ob3"
)

// contextSpecDir is the official reference data, relative to this package.
const contextSpecDir = "../../shared/spec"

func TestContextDocumentsParse(t *testing.T) {
	urls := ob3.ContextURLs()
	if !slices.IsSorted(urls) {
		t.Errorf("ContextURLs() = %q, want sorted", urls)
	}
	for _, u := range []string{ob3.ContextVCv2, ob3.ContextVCv1, ob3.ContextOB303, ob3.ContextOBExtensions} {
		if !slices.Contains(urls, u) {
			t.Errorf("ContextURLs() lacks %s", u)
		}
	}
	for _, u := range urls {
		t.Run(u, func(t *testing.T) {
			b, ok := ob3.ContextDocument(u)
			if !ok {
				t.Fatalf("ContextDocument(%q) ok = false, want true", u)
			}
			var doc map[string]any
			if err := json.Unmarshal(b, &doc); err != nil {
				t.Fatalf("ContextDocument(%q) is not JSON: %v", u, err)
			}
			if _, ok := doc["@context"].(map[string]any); !ok {
				t.Errorf("ContextDocument(%q) has no @context object", u)
			}
		})
	}
}

func TestContextDocumentExactMatch(t *testing.T) {
	for _, u := range []string{
		"http://www.w3.org/ns/credentials/v2",
		"https://www.w3.org/ns/credentials/v2/",
		"HTTPS://www.w3.org/ns/credentials/v2",
		"https://www.w3.org/2018/credentials/examples/v1",
		"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.4.json",
		"",
	} {
		if _, ok := ob3.ContextDocument(u); ok {
			t.Errorf("ContextDocument(%q) ok = true, want false", u)
		}
	}
}

func TestContextDocumentReturnsCopy(t *testing.T) {
	b, _ := ob3.ContextDocument(ob3.ContextVCv2)
	b[0] = 'X'
	again, _ := ob3.ContextDocument(ob3.ContextVCv2)
	if again[0] == 'X' {
		t.Error("ContextDocument returned shared bytes; a caller's change leaked")
	}
}

// TestContextsMatchSpec checks the npm-sourced documents against the copies in
// the official spec repositories, compared as parsed JSON.
func TestContextsMatchSpec(t *testing.T) {
	dir := filepath.Join(contextSpecDir, "contexts")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("../shared/spec not present: ", err)
	}
	for _, tc := range []struct{ url, file string }{
		{ob3.ContextVCv2, "w3c_credentials_v2.json"},
		{ob3.ContextVCv1, "w3c_credentials_v1.json"},
		{ob3.ContextOB302, "ob_v3p0_context-3.0.2.json"},
		{ob3.ContextOB303, "ob_v3p0_context-3.0.3.json"},
		{ob3.ContextOBExtensions, "ob_v3p0_extensions.json"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(dir, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			got, ok := ob3.ContextDocument(tc.url)
			if !ok {
				t.Fatalf("ContextDocument(%q) ok = false", tc.url)
			}
			var g, w any
			if err := json.Unmarshal(got, &g); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(want, &w); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(g, w) {
				t.Errorf("ContextDocument(%q) differs from spec copy %s", tc.url, tc.file)
			}
		})
	}
}

// TestExamplesContextIsW3Cs: the embedded W3C examples context is the
// document of the W3C Data Integrity EdDSA test vectors, byte for byte.
func TestExamplesContextIsW3Cs(t *testing.T) {
	spec := filepath.Join(contextSpecDir, "test-vectors", "w3c-vc-di-eddsa", "credentials-examples-v2-context.json")
	want, err := os.ReadFile(spec)
	if err != nil {
		t.Skipf("skipping: the official data is not beside the repository (%v); CI has it", err)
	}
	got, ok := ob3.ContextDocument(ob3.ContextVCExamplesV2)
	if !ok || string(got) != string(want) {
		t.Errorf("embedded %s = %q, want the W3C test vectors' %q", ob3.ContextVCExamplesV2, got, want)
	}
}
