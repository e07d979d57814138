package templates_test

import (
	"time"

	"github.com/accolade-badges/accolade/templates"
)

// Names in several scripts, as members enter them.
const (
	arabic     = "ليلى حداد"
	devanagari = "अनन्या शर्मा"
	chinese    = "王小明"
	cyrillic   = "Ольга Иванова"
	malicious  = "<script>alert(1)</script>"
)

var (
	site      = templates.Site{Name: "Riverside Time Bank", BaseURL: "https://badges.example.org"}
	issuedAt  = time.Date(2026, time.March, 4, 10, 30, 0, 0, time.UTC)
	expiresAt = time.Date(2028, time.March, 4, 10, 30, 0, 0, time.UTC)
)

func sampleCredential() templates.CredentialPage {
	return templates.CredentialPage{
		Site:                   site,
		RecipientName:          arabic,
		AchievementName:        "Project Trainer",
		AchievementDescription: "Recognises volunteers who train others on community projects.",
		CriteriaNarrative: "Ran at least 3 confirmed workshops for 10 different learners within a year,\n" +
			"and was vouched for by 2 mentors who hold the Mentor badge.\n\nWorkshops count once each.",
		AchievementURL: "https://badges.example.org/achievements/project-trainer",
		ImageURL:       "/achievements/project-trainer.svg",
		IssuerName:     "Riverside Time Bank",
		IssuerURL:      "https://badges.example.org/issuers/default",
		ValidFrom:      issuedAt,
		ValidUntil:     expiresAt,
		Status:         templates.StatusActive,
		Evidence: []templates.Evidence{
			{Narrative: "Workshop: editing Wikipedia for beginners", URL: "https://badges.example.org/exchanges/ex-17"},
			{Narrative: "Vouched for by " + chinese},
			{URL: "urn:uuid:3f0c5d2e-8d1a-4e7b-9a55-1c2d3e4f5a6b"},
			{},
		},
		Links: templates.CredentialLinks{
			JSON: "/credentials/c-42.json",
			JWT:  "/credentials/c-42.jwt",
			PDF:  "/credentials/c-42.pdf",
			PNG:  "/credentials/c-42.png",
			SVG:  "/credentials/c-42.svg",
		},
		VerifyURL:   "https://badges.example.org/verify?url=https%3A%2F%2Fbadges.example.org%2Fcredentials%2Fc-42",
		LinkedInURL: "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=Project%20Trainer",
		LinkedIn: templates.LinkedInFields{
			Name: "Project Trainer", Organization: "Riverside Time Bank", IssueDate: issuedAt, ExpiryDate: expiresAt,
			URL: "https://badges.example.org/credentials/c-42", ID: "c-42",
		},
		PageURL:       "https://badges.example.org/credentials/c-42",
		ID:            "c-42",
		IssuerLogoURL: "/issuers/default/logo.png",
		QR:            &templates.QRCode{Size: 4, Path: "M1 1h1v1h-1z"},
	}
}

func sampleIssuer() templates.IssuerPage {
	return templates.IssuerPage{
		Site:           site,
		Name:           "Riverside Time Bank",
		URL:            "https://riverside.example.org",
		Description:    "A time bank where an hour of help earns an hour of help.\n\nRun by volunteers since 2019.",
		ID:             "https://badges.example.org/issuers/default",
		DID:            "did:web:badges.example.org:issuers:default",
		DIDDocumentURL: "/issuers/default/did.json",
		Keys: []templates.Key{
			{ID: "https://badges.example.org/.well-known/jwks.json#rs256-2026", Alg: "RS256", Created: issuedAt},
			{ID: "https://badges.example.org/.well-known/jwks.json#ed-2025", Alg: "EdDSA",
				Created: issuedAt.AddDate(-1, 0, 0), Retired: issuedAt},
		},
		Achievements: []templates.Link{
			{Name: "Project Trainer", URL: "/achievements/project-trainer"},
			{Name: "Наставник", URL: "/achievements/mentor"},
		},
	}
}

func sampleAchievement() templates.AchievementPage {
	return templates.AchievementPage{
		Site:              site,
		Name:              "Project Trainer",
		Description:       "Recognises volunteers who train others on community projects.",
		CriteriaNarrative: "Ran at least 3 confirmed workshops.\n\nVouched for by 2 mentors.",
		AchievementType:   "Certificate",
		ImageURL:          "/achievements/project-trainer.svg",
		IssuerName:        "Riverside Time Bank",
		IssuerURL:         "/issuers/default",
		ID:                "https://badges.example.org/achievements/project-trainer",
	}
}

func sampleVerdict() *templates.Verdict {
	return &templates.Verdict{
		Outcome: templates.OutcomeRevoked,
		Summary: "The credential is genuine, but its issuer has withdrawn it.",
		Format:  "url+jwt",
		Details: &templates.CredentialDetails{
			RecipientName:          devanagari,
			AchievementName:        "Project Trainer",
			AchievementDescription: "Recognises volunteers who train others.",
			CriteriaNarrative:      "Ran at least 3 confirmed workshops.",
			IssuerName:             "Riverside Time Bank",
			IssuerID:               "did:web:badges.example.org:issuers:default",
			IssuerConfirmed:        true,
			ValidFrom:              issuedAt,
			ValidUntil:             expiresAt,
			Evidence:               []templates.Evidence{{Narrative: "Workshop 'Editing basics', 12 learners"}},
		},
		Recipient: &templates.RecipientCheck{URL: "https://badges.example.org/credentials/c-42", Result: "matches"},
		Checks: []templates.Check{
			{Check: "signature", Label: "Signature", Status: templates.CheckPass, Message: "Signed with a key of Riverside Time Bank on this service."},
			{Check: "status", Label: "Status", Status: templates.CheckFail, Message: "The issuer has revoked this credential."},
			{Check: "schema", Status: templates.CheckWarn, Message: "The credential has no credentialSchema."},
			{Check: "expiry", Status: templates.CheckSkip, Message: "Not checked."},
		},
	}
}

func sampleVerify() templates.VerifyPage {
	return templates.VerifyPage{
		Site:   site,
		Input:  "eyJhbGciOiJSUzI1NiIsImtpZCI6Imh0dHBzOi8vYmFkZ2VzIn0.eyJpc3MiOiJ4In0.c2ln",
		Result: sampleVerdict(),
	}
}

func sampleHome() templates.HomePage {
	return templates.HomePage{
		Site:         site,
		Issuers:      []templates.Link{{Name: "Riverside Time Bank", URL: "/issuers/default"}},
		Achievements: []templates.Link{{Name: "Project Trainer", URL: "/achievements/project-trainer"}},
		RecentCredentials: []templates.CredentialSummary{
			{RecipientName: arabic, AchievementName: "Project Trainer", URL: "/credentials/c-42", ValidFrom: issuedAt},
			{RecipientName: devanagari, AchievementName: "Mentor", URL: "/credentials/c-41", ValidFrom: issuedAt},
			{RecipientName: chinese, AchievementName: "Wiki Editor", URL: "/credentials/c-40", ValidFrom: issuedAt},
			{RecipientName: cyrillic, AchievementName: "Wiki Editor", URL: "/credentials/c-39", ValidFrom: issuedAt},
		},
	}
}

func sampleError() templates.ErrorPage {
	return templates.ErrorPage{
		Site:    site,
		Title:   "Page not found",
		Message: "There is no credential with this address. Check the link you were given.",
	}
}
