package verifier_test

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/accolade-badges/accolade/verifier"
)

func ExampleVerifier_Verify() {
	// A VC-JWT from an issuer this service does not know, with its public
	// key embedded in the header.
	priv := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	signer, _ := jose.NewSigner(jose.SigningKey{Algorithm: jose.EdDSA, Key: priv},
		(&jose.SignerOptions{EmbedJWK: true}).WithType("JWT"))
	claims, _ := json.Marshal(payload(credential("https://museum.example/issuers/1", "City Museum")))
	jws, _ := signer.Sign(claims)
	token, _ := jws.CompactSerialize()

	v, _ := verifier.New(verifier.Config{Now: func() time.Time { return time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC) }})
	verdict := v.Verify(context.Background(), []byte(token), "")
	fmt.Println("outcome:", verdict.Outcome, "verified:", verdict.Verified, "format:", verdict.Format)
	fmt.Println(verdict.Summary)
	for _, c := range verdict.Checks {
		fmt.Printf("%s %s: %s\n", c.Status, c.Label, c.Message)
	}
	// Output:
	// outcome: unconfirmed-issuer verified: false format: jwt
	// Signed correctly, but by an issuer this service does not know. It was signed by a key embedded in the credential itself, which calls itself “City Museum”. Nothing confirms who that is.
	// pass Format: Read a VC-JWT (a signed JSON Web Token).
	// pass Contents: An Open Badges 3.0 credential with all required properties.
	// pass Signature: The signature is valid, but it was made with a key embedded in the credential itself: that shows the credential was not changed since it was signed, not who signed it.
	// pass Claims: The JWT claims (issuer, id, dates, subject) agree with the credential.
	// pass Dates: Valid since 2 January 2026 10:00 UTC; it does not expire.
	// warn Issuer: Signed correctly by a key embedded in the credential itself, which calls itself “City Museum”. Nothing confirms who that is.
	// warn Status: The credential carries no status entry (credentialStatus), so whether its issuer revoked it cannot be checked from here.
}
