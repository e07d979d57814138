package dataintegrity_test

import (
	"fmt"

	"github.com/accolade-badges/accolade/dataintegrity"
)

func ExampleCanonicalize() {
	nq, err := dataintegrity.Canonicalize([]byte(`{
		"@context": ["https://www.w3.org/ns/credentials/v2"],
		"id": "urn:uuid:5b6c1a2e-0b1f-4f6e-9a55-3f0c8d7e2a10",
		"type": "VerifiableCredential",
		"name": "Tab\tand newline\n"
	}`))
	fmt.Print(nq, err)
	// Output:
	// <urn:uuid:5b6c1a2e-0b1f-4f6e-9a55-3f0c8d7e2a10> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://www.w3.org/2018/credentials#VerifiableCredential> .
	// <urn:uuid:5b6c1a2e-0b1f-4f6e-9a55-3f0c8d7e2a10> <https://schema.org/name> "Tab\tand newline\n" .
	// <nil>
}

func ExampleCanonicalize_undefinedTerm() {
	_, err := dataintegrity.Canonicalize([]byte(`{
		"@context": ["https://www.w3.org/ns/credentials/v2"],
		"type": "VerifiableCredential",
		"credentialSubject": {"nickname": "Ada"}
	}`))
	fmt.Println(err)
	// Output:
	// credentialSubject.nickname: undefined term "nickname": not defined by any @context; JSON-LD would drop it from the signed data
}
