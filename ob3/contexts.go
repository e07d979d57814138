package ob3

import (
	"embed"
	"slices"
)

// JSON-LD context URLs that credentials name in "@context". Every URL listed
// by ContextURLs has an embedded document; contexts are never fetched.
const (
	ContextVCv2                 = "https://www.w3.org/ns/credentials/v2"
	ContextVCv1                 = "https://www.w3.org/2018/credentials/v1"
	ContextOB300                = "https://purl.imsglobal.org/spec/ob/v3p0/context.json"
	ContextOB301                = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json"
	ContextOB302                = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json"
	ContextOB303                = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
	ContextOBExtensions         = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
	ContextEd25519Signature2020 = "https://w3id.org/security/suites/ed25519-2020/v1"
	ContextMultikey             = "https://w3id.org/security/multikey/v1"
	ContextDataIntegrityV2      = "https://w3id.org/security/data-integrity/v2"
	ContextDIDv1                = "https://www.w3.org/ns/did/v1"
	// ContextVCExamplesV2 is the W3C VCDM 2.0 examples context, which VC-API
	// test clients use: one @vocab, so that every term of the examples
	// (ExampleAlumniCredential, alumniOf) is defined.
	ContextVCExamplesV2 = "https://www.w3.org/ns/credentials/examples/v2"
)

// contextFS holds the context documents, copied unchanged from the npm
// packages listed in contexts/README.md (and the W3C examples context,
// written out from its W3C publication: see there).
//
//go:embed contexts/*.json contexts/*.jsonld
var contextFS embed.FS

// contextFiles maps each served URL to its file in contextFS.
var contextFiles = map[string]string{
	ContextVCv2:                 "contexts/credentials-v2.jsonld",
	ContextVCv1:                 "contexts/credentials-v1.jsonld",
	ContextOB300:                "contexts/ob-v3p0-context-3.0.0.json",
	ContextOB301:                "contexts/ob-v3p0-context-3.0.1.json",
	ContextOB302:                "contexts/ob-v3p0-context-3.0.2.json",
	ContextOB303:                "contexts/ob-v3p0-context-3.0.3.json",
	ContextOBExtensions:         "contexts/ob-v3p0-extensions.json",
	ContextEd25519Signature2020: "contexts/ed25519-signature-2020-v1.jsonld",
	ContextMultikey:             "contexts/multikey-v1.jsonld",
	ContextDataIntegrityV2:      "contexts/data-integrity-v2.jsonld",
	ContextDIDv1:                "contexts/did-v1.jsonld",
	ContextVCExamplesV2:         "contexts/credentials-examples-v2.jsonld",
}

// ContextDocument returns the embedded JSON-LD context document served at url
// and reports whether there is one. The match is exact: JSON-LD compares
// context IRIs as strings, so "http://" for an "https://" URL, a trailing
// slash or a different case is a different, unknown context. The returned
// slice is the caller's to keep or modify.
func ContextDocument(url string) ([]byte, bool) {
	name, ok := contextFiles[url]
	if !ok {
		return nil, false
	}
	b, err := contextFS.ReadFile(name)
	if err != nil {
		// Every name in contextFiles is embedded; the test checks it.
		panic("ob3: embedded context " + name + " missing: " + err.Error())
	}
	return b, true
}

// ContextURLs returns the URLs of all embedded contexts, sorted.
func ContextURLs() []string {
	urls := make([]string, 0, len(contextFiles))
	for u := range contextFiles {
		urls = append(urls, u)
	}
	slices.Sort(urls)
	return urls
}
