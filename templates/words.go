package templates

import "strings"

// This file holds the words that the pages make from values: statuses,
// checks, outcomes, formats and achievement types, in the page's language.
// Keys are literal strings, so that the catalogue tests see them.

// StatusLabel is a credential status in words: "Valid", "Revoked".
func (s Site) StatusLabel(status string) string {
	switch statusKind(status) {
	case StatusActive:
		return s.T("public.status.active")
	case StatusRevoked:
		return s.T("public.status.revoked")
	case StatusSuspended:
		return s.T("public.status.suspended")
	case StatusExpired:
		return s.T("public.status.expired")
	}
	return s.T("public.status.unknown")
}

// CheckLabel is a check status in words: "Passed", "Not checked".
func (s Site) CheckLabel(status string) string {
	switch checkKind(status) {
	case CheckPass:
		return s.T("public.check.pass")
	case CheckFail:
		return s.T("public.check.fail")
	case CheckWarn:
		return s.T("public.check.warn")
	case CheckSkip:
		return s.T("public.check.skip")
	}
	return s.T("public.check.unknown")
}

// CheckName is what a check is about, in words: the page's words for the
// verifier's checks, else the verifier's Label, else the check's name.
func (s Site) CheckName(c Check) string {
	switch c.Check {
	case "format":
		return s.T("public.check.format")
	case "structure":
		return s.T("public.check.structure")
	case "signature", "proof":
		return s.T("public.check.signature")
	case "claims":
		return s.T("public.check.claims")
	case "dates":
		return s.T("public.check.dates")
	case "issuer":
		return s.T("public.check.issuer")
	case "status":
		return s.T("public.check.status")
	case "endorsement":
		return s.T("public.check.endorsement")
	}
	if c.Label != "" {
		return c.Label
	}
	return c.Check
}

// Headline is the verdict's answer in words, without the facts the page
// adds to it ("Valid — issued by …").
func (s Site) Headline(outcome string) string {
	switch outcome {
	case OutcomeValid:
		return s.T("public.outcome.valid")
	case OutcomeExpired:
		return s.T("public.outcome.expired")
	case OutcomeRevoked:
		return s.T("public.outcome.revoked")
	case OutcomeSuspended:
		return s.T("public.outcome.suspended")
	case OutcomeUnconfirmedIssuer:
		return s.T("public.outcome.unconfirmedIssuer")
	case OutcomeInvalid:
		return s.T("public.outcome.invalid")
	case OutcomeUnreadable:
		return s.T("public.outcome.unreadable")
	}
	return s.T("public.outcome.unverifiable")
}

// FormatName describes in words a format as the verifier reports it:
// "png+jwt" is "VC-JWT baked in a PNG image", "url+json" is "JSON, fetched
// from a link". A format it does not know is returned unchanged.
func (s Site) FormatName(f string) string {
	if f == "" {
		return ""
	}
	parts := strings.Split(f, "+")
	fromLink := parts[0] == "url"
	if fromLink {
		parts = parts[1:]
	}
	var words string
	switch strings.Join(parts, "+") {
	case "":
		words = s.T("public.format.link")
		fromLink = false
	case "jwt":
		words = "VC-JWT"
	case "json":
		words = "JSON"
	case "png+jwt", "png+json":
		words = s.T("public.format.bakedPNG", "Inner", s.FormatName(parts[1]))
	case "svg+jwt", "svg+json":
		words = s.T("public.format.bakedSVG", "Inner", s.FormatName(parts[1]))
	default:
		return s.moreFormats(f)
	}
	if fromLink {
		words = s.T("public.format.fromLink", "What", words)
	}
	return words
}

// moreFormats describes the formats FormatName leaves to it: a credential
// embedded in a PDF ("pdf+jwt"), and one found through the QR code in a
// photo ("jpeg+qr-code+url+jwt"). Any other format is shown as it is.
func (s Site) moreFormats(f string) string {
	inner, fromLink := strings.CutPrefix(f, "url+")
	from := func(words string) string {
		if fromLink {
			return s.T("public.format.fromLink", "What", words)
		}
		return words
	}
	switch inner {
	case "pdf":
		return from(s.T("public.format.pdf"))
	case "jpeg":
		return from(s.T("public.format.jpeg"))
	case "jpeg+qr-code", "png+qr-code":
		return s.T("public.format.qr", "Image", strings.ToUpper(strings.TrimSuffix(inner, "+qr-code")))
	}
	if rest, ok := strings.CutPrefix(inner, "pdf+"); ok && (rest == "jwt" || rest == "json") {
		return from(s.T("public.format.inPDF", "Inner", s.FormatName(rest)))
	}
	for _, img := range []string{"jpeg", "png"} {
		rest, ok := strings.CutPrefix(inner, img+"+qr-code+")
		if !ok || fromLink {
			continue
		}
		if r, ok := strings.CutPrefix(rest, "url+"); ok {
			return s.T("public.format.throughQRLink", "Inner", s.FormatName(r), "Image", strings.ToUpper(img))
		}
		return s.T("public.format.throughQR", "Inner", s.FormatName(rest), "Image", strings.ToUpper(img))
	}
	return f
}

// AchievementType is an OB 3.0 achievement type in words, in the page's
// language; an extension ("ext:CommunityAward") is split into words
// ("Community award").
func (s Site) AchievementType(t string) string {
	switch t {
	case "Achievement":
		return s.T("public.kind.achievement")
	case "ApprenticeshipCertificate":
		return s.T("public.kind.apprenticeshipCertificate")
	case "Assessment":
		return s.T("public.kind.assessment")
	case "Assignment":
		return s.T("public.kind.assignment")
	case "AssociateDegree":
		return s.T("public.kind.associateDegree")
	case "Award":
		return s.T("public.kind.award")
	case "Badge":
		return s.T("public.kind.badge")
	case "BachelorDegree":
		return s.T("public.kind.bachelorDegree")
	case "Certificate":
		return s.T("public.kind.certificate")
	case "CertificateOfCompletion":
		return s.T("public.kind.certificateOfCompletion")
	case "Certification":
		return s.T("public.kind.certification")
	case "CommunityService":
		return s.T("public.kind.communityService")
	case "Competency":
		return s.T("public.kind.competency")
	case "Course":
		return s.T("public.kind.course")
	case "CoCurricular":
		return s.T("public.kind.coCurricular")
	case "Degree":
		return s.T("public.kind.degree")
	case "Diploma":
		return s.T("public.kind.diploma")
	case "DoctoralDegree":
		return s.T("public.kind.doctoralDegree")
	case "Fieldwork":
		return s.T("public.kind.fieldwork")
	case "GeneralEducationDevelopment":
		return s.T("public.kind.generalEducationDevelopment")
	case "JourneymanCertificate":
		return s.T("public.kind.journeymanCertificate")
	case "LearningProgram":
		return s.T("public.kind.learningProgram")
	case "License":
		return s.T("public.kind.license")
	case "Membership":
		return s.T("public.kind.membership")
	case "ProfessionalDoctorate":
		return s.T("public.kind.professionalDoctorate")
	case "QualityAssuranceCredential":
		return s.T("public.kind.qualityAssuranceCredential")
	case "MasterCertificate":
		return s.T("public.kind.masterCertificate")
	case "MasterDegree":
		return s.T("public.kind.masterDegree")
	case "MicroCredential":
		return s.T("public.kind.microCredential")
	case "ResearchDoctorate":
		return s.T("public.kind.researchDoctorate")
	case "SecondarySchoolDiploma":
		return s.T("public.kind.secondarySchoolDiploma")
	}
	return humanize(t)
}
