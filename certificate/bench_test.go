package certificate_test

import (
	"encoding/json"
	"testing"

	"github.com/accolade-badges/accolade/certificate"
	"github.com/accolade-badges/accolade/typeset"
)

// BenchmarkRender draws a certificate per holder script. Compare with
// BenchmarkBaseline, run in the same process, to give ratios.
func BenchmarkRender(b *testing.B) {
	fonts := typeset.Default()
	for _, bc := range []struct{ name, holder, lang string }{
		{"latin", "Zoë Ångström-Nuñez", "en"},
		{"arabic", "ليلى حداد", "ar"},
		{"cjk", "王小明", "zh"},
		{"devanagari", "प्रज्ञा क्षत्रिय", "hi"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			c := sample(bc.holder, bc.lang)
			c.Image = badgePNG(b)
			var pdf []byte
			for b.Loop() {
				var err error
				if pdf, err = certificate.Render(c, fonts); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/op")
			b.ReportMetric(float64(len(pdf)), "bytes/pdf")
		})
	}
}

// BenchmarkBaseline encodes a credential-sized JSON document indented: a
// yardstick for the machine.
func BenchmarkBaseline(b *testing.B) {
	var v any
	doc := []byte(`{"@context":["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],"id":"urn:uuid:5f0c6a8e-3a52-4b5e-9d0f-2c1b7e9a4d31","type":["VerifiableCredential","OpenBadgeCredential"],"issuer":{"id":"https://riverside.example.org/issuers/riverside","type":["Profile"],"name":"Riverside Skill Exchange"},"validFrom":"2026-11-03T10:00:00Z","credentialSubject":{"type":["AchievementSubject"],"name":"Zoë Ångström-Nuñez","achievement":{"id":"https://riverside.example.org/achievements/project-trainer","type":["Achievement"],"name":"Project Trainer","description":"Trains other volunteers to run community projects.","criteria":{"narrative":"Ran 3 confirmed workshops for 10 different learners and was vouched for by 2 mentors."}}},"proof":{"type":"DataIntegrityProof","cryptosuite":"eddsa-rdfc-2022","proofValue":"z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk9czhSePTFehP8c3PGfb6a22gkfUKods5D2UAUL5n2Brbx"}}`)
	if err := json.Unmarshal(doc, &v); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := json.MarshalIndent(v, "", "  "); err != nil {
			b.Fatal(err)
		}
	}
}
