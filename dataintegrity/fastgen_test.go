package dataintegrity

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// randomCredential returns a random Open Badges 3.0 credential: mostly well
// formed, with optional parts varied, and now and then a missing context, an
// unknown term at some depth, an inline context or a wrongly shaped value, so
// that both the fast path, its fallback and the error paths are exercised.
func randomCredential(r *rand.Rand) map[string]any {
	g := &gen{r: r}
	c := map[string]any{
		"@context":          g.contexts(),
		"type":              g.pick([]any{"VerifiableCredential", "OpenBadgeCredential"}, []any{"VerifiableCredential", "AchievementCredential"}, "VerifiableCredential"),
		"issuer":            g.profileOrID(2),
		"name":              g.text(),
		"credentialSubject": g.subject(),
	}
	g.maybe(c, 0.9, "id", g.id)
	g.maybe(c, 0.8, "validFrom", g.date)
	g.maybe(c, 0.3, "validUntil", g.date)
	g.maybe(c, 0.2, "awardedDate", g.date)
	g.maybe(c, 0.5, "description", g.text)
	g.maybe(c, 0.6, "evidence", func() any { return g.list(5, g.evidence) })
	g.maybe(c, 0.3, "credentialStatus", g.status)
	g.maybe(c, 0.3, "image", g.image)
	g.maybe(c, 0.2, "endorsement", func() any { return g.list(2, g.endorsement) })
	g.maybe(c, 0.03, "credentialSchema", g.schema)
	g.maybe(c, 0.3, "proof", g.proof)
	g.disturb(c, 0)
	return c
}

type gen struct{ r *rand.Rand }

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func (g *gen) pick(vs ...any) any { return vs[g.r.IntN(len(vs))] }

func (g *gen) maybe(m map[string]any, p float64, k string, f func() any) {
	if g.chance(p) {
		m[k] = f()
	}
}

func (g *gen) list(max int, f func() any) any {
	n := g.r.IntN(max + 1)
	if n == 1 && g.chance(0.5) {
		return f()
	}
	l := make([]any, n)
	for i := range l {
		l[i] = f()
	}
	return l
}

func (g *gen) contexts() any {
	v2 := "https://www.w3.org/ns/credentials/v2"
	ob := "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
	if g.chance(0.05) {
		ob = g.pick("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
			"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json", "https://purl.imsglobal.org/spec/ob/v3p0/context.json").(string)
	}
	switch g.r.IntN(40) {
	case 0:
		return nil
	case 1:
		return []any{v2}
	case 2:
		return []any{v2, ob, "https://unknown.example/context.json"}
	case 3:
		return []any{v2, ob, map[string]any{"extra": "https://extra.example/extra"}}
	case 4:
		return []any{"https://www.w3.org/2018/credentials/v1", ob}
	case 5:
		return []any{v2, ob, "https://w3id.org/security/data-integrity/v2"}
	case 6:
		return []any{v2, ob, "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"}
	case 7:
		return v2
	}
	return []any{v2, ob}
}

func (g *gen) id() any {
	n := g.r.Uint32()
	if g.chance(0.01) {
		return g.pick(fmt.Sprintf("relative/%d", n), "https://bad host.example/", "")
	}
	return g.pick(fmt.Sprintf("urn:uuid:%08x-4fbd-491b-aeb8-8b73a48ed247", n),
		fmt.Sprintf("did:key:z6Mk%dhLrVuNm7", n), fmt.Sprintf("did:web:badges.example.org:u:%d", n),
		fmt.Sprintf("https://example.org/things/%d?x=%d#frag", n, n%7), fmt.Sprintf("mailto:a%d@example.org", n),
		fmt.Sprintf("_:b%d", n%3), "https://exämple.org/ünïcode", "http://[::1]:8080/x")
}

var textPieces = []string{"Project Trainer", "שלום עולם", "مرحبا", "e\u0301te\u0301", "Z̤͔ͧ̑̓", "🎓 badge", "a\tb", "line\nbreak",
	"quote \" and \\", "\u200fRTL mark", "日本語", "@notakeyword", "", " ", "ﬁ ligature", "\u0000nul", "x\u007fdel"}

func (g *gen) text() any {
	s := textPieces[g.r.IntN(len(textPieces))]
	if g.chance(0.005) {
		return g.pick(map[string]any{"@value": s, "@direction": "rtl"}, map[string]any{"@value": s, "@language": "x-bad!"})
	}
	switch g.r.IntN(30) {
	case 0:
		return map[string]any{"@value": s, "@language": g.pick("en", "en-US", "he", "ar-EG", "EN-gb", "de-CH-1996")}
	case 2:
		return []any{s, textPieces[g.r.IntN(len(textPieces))]}
	}
	return s
}

func (g *gen) number() any {
	switch g.r.IntN(8) {
	case 0:
		return float64(g.r.IntN(1000))
	case 1:
		return g.r.Float64() * 100
	case 2:
		return -float64(g.r.IntN(50))
	case 3:
		return g.pick(1e21, 1e-7, 0.1, 1.5e300, math.Copysign(0, -1), 2.0, 1e20, 9007199254740991.0)
	case 4:
		return fmt.Sprint(g.r.IntN(10))
	}
	return float64(g.r.IntN(10))
}

func (g *gen) date() any {
	return g.pick(fmt.Sprintf("20%02d-0%d-1%dT10:00:00Z", g.r.IntN(40), 1+g.r.IntN(9), g.r.IntN(10)),
		"2026-03-04T10:00:00.123+02:00", "not a date", "2026-03-04", map[string]any{"@value": "2026-03-04T10:00:00Z", "@type": "xsd:dateTime"})
}

func (g *gen) image() any {
	if g.chance(0.3) {
		return g.id()
	}
	m := map[string]any{"id": g.id(), "type": "Image"}
	g.maybe(m, 0.5, "caption", g.text)
	return m
}

func (g *gen) profileOrID(depth int) any {
	if g.chance(0.3) {
		return g.id()
	}
	return g.profile(depth)
}

func (g *gen) profile(depth int) any {
	m := map[string]any{"type": g.pick([]any{"Profile"}, "Profile", []any{"Profile"}, []any{"Profile"}, []any{"Profile"}, []any{"Profile"})}
	g.maybe(m, 0.9, "id", g.id)
	g.maybe(m, 0.8, "name", g.text)
	g.maybe(m, 0.4, "url", g.id)
	g.maybe(m, 0.3, "email", func() any { return "info@example.org" })
	g.maybe(m, 0.3, "image", g.image)
	g.maybe(m, 0.2, "official", g.text)
	if depth > 0 {
		g.maybe(m, 0.2, "parentOrg", func() any { return g.profile(depth - 1) })
		g.maybe(m, 0.1, "endorsement", func() any { return g.list(1, g.endorsement) })
	}
	return m
}

func (g *gen) subject() any {
	m := map[string]any{"type": g.pick([]any{"AchievementSubject"}, "AchievementSubject"), "achievement": g.achievement()}
	g.maybe(m, 0.5, "id", g.id)
	g.maybe(m, 0.5, "identifier", func() any { return g.list(3, g.identity) })
	g.maybe(m, 0.2, "creditsEarned", g.number)
	g.maybe(m, 0.2, "activityStartDate", g.date)
	g.maybe(m, 0.2, "narrative", g.text)
	g.maybe(m, 0.2, "image", g.image)
	g.maybe(m, 0.2, "result", func() any { return g.list(2, g.result) })
	return m
}

func (g *gen) achievement() any {
	m := map[string]any{"type": g.pick([]any{"Achievement"}, "Achievement"), "name": g.text(),
		"criteria": map[string]any{"narrative": g.text()}}
	g.maybe(m, 0.8, "id", g.id)
	g.maybe(m, 0.6, "description", g.text)
	g.maybe(m, 0.3, "image", g.image)
	g.maybe(m, 0.3, "achievementType", func() any { return g.pick("Certificate", "Badge", "ext:Custom") })
	g.maybe(m, 0.4, "alignment", func() any { return g.list(3, g.alignment) })
	g.maybe(m, 0.3, "creator", func() any { return g.profile(1) })
	g.maybe(m, 0.3, "tag", func() any { return g.list(3, g.text) })
	g.maybe(m, 0.2, "creditsAvailable", g.number)
	g.maybe(m, 0.2, "version", g.text)
	g.maybe(m, 0.2, "inLanguage", func() any { return "en" })
	g.maybe(m, 0.2, "resultDescription", func() any { return g.list(2, g.resultDescription) })
	return m
}

func (g *gen) resultDescription() any {
	m := map[string]any{"id": g.id(), "type": []any{"ResultDescription"}, "name": g.text(),
		"resultType": g.pick("LetterGrade", "Status", "ext:Mark")}
	g.maybe(m, 0.7, "allowedValue", func() any {
		if g.chance(0.1) {
			return []any{[]any{"A", "B"}, "C", []any{}}
		}
		return g.list(4, g.text)
	})
	return m
}

func (g *gen) alignment() any {
	m := map[string]any{"type": []any{"Alignment"}, "targetName": g.text(), "targetUrl": g.id()}
	g.maybe(m, 0.4, "targetType", func() any { return g.pick("CFItem", "ceterms:Credential", "ext:Other") })
	g.maybe(m, 0.4, "targetCode", g.text)
	g.maybe(m, 0.3, "targetDescription", g.text)
	return m
}

func (g *gen) identity() any {
	return map[string]any{"type": "IdentityObject", "identityHash": "sha256$805a29f2e8eb", "identityType": g.pick("emailAddress", "sourcedId", "ext:Id"),
		"hashed": g.pick(true, false, "true"), "salt": g.pick("2-WILiV5aDQywb_FJUVK3Q", "")}
}

func (g *gen) result() any {
	return map[string]any{"type": []any{"Result"}, "value": g.text(), "status": g.pick("Completed", "Enrolled")}
}

func (g *gen) evidence() any {
	m := map[string]any{"type": g.pick([]any{"Evidence"}, "Evidence")}
	g.maybe(m, 0.5, "id", g.id)
	g.maybe(m, 0.7, "name", g.text)
	g.maybe(m, 0.5, "narrative", g.text)
	g.maybe(m, 0.3, "description", g.text)
	g.maybe(m, 0.2, "genre", g.text)
	g.maybe(m, 0.2, "audience", g.text)
	return m
}

func (g *gen) status() any {
	if g.chance(0.05) {
		return map[string]any{"id": g.id(), "type": "1EdTechRevocationList"}
	}
	return map[string]any{"id": g.id(), "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
		"statusListIndex": g.pick("94567", 94567.0), "statusListCredential": g.id()}
}

func (g *gen) endorsement() any {
	return map[string]any{"@context": g.contexts(), "type": []any{"VerifiableCredential", "EndorsementCredential"},
		"id": g.id(), "issuer": g.profileOrID(0), "validFrom": g.date(),
		"credentialSubject": map[string]any{"id": g.id(), "type": []any{"EndorsementSubject"}, "endorsementComment": g.text()}}
}

func (g *gen) schema() any {
	return []any{map[string]any{"id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
		"type": "1EdTechJsonSchemaValidator2019"}}
}

func (g *gen) proof() any {
	return map[string]any{"type": g.pick("DataIntegrityProof", "DataIntegrityProof", "DataIntegrityProof", "DataIntegrityProof", "Ed25519Signature2020"), "cryptosuite": "eddsa-rdfc-2022",
		"created": g.date(), "verificationMethod": g.id(), "proofPurpose": "assertionMethod", "proofValue": "z42qeMPFqst"}
}

// disturb adds, now and then, an unknown term, a keyword entry or a
// wrongly shaped value somewhere in v.
func (g *gen) disturb(v any, depth int) {
	switch v := v.(type) {
	case map[string]any:
		if g.chance(0.02) {
			v[g.pick("unknownTerm", "fooBar", "ex:prefixed", "https://ext.example/p", "_:blank").(string)] = g.pick("x", 1.0, map[string]any{"id": "https://a.example"})
		}
		if g.chance(0.01) {
			v[g.pick("@id", "@type", "@value", "@graph", "@included", "@reverse", "@list", "@nest", "@index").(string)] = g.pick("x", []any{"y"}, map[string]any{})
		}
		if g.chance(0.005) {
			v["@context"] = map[string]any{"local": "https://local.example/l"}
		}
		for k, e := range v {
			if k == "@context" {
				continue
			}
			if g.chance(0.005) {
				v[k] = g.pick(nil, true, 3.0, []any{}, map[string]any{}, []any{nil})
				continue
			}
			g.disturb(e, depth+1)
		}
	case []any:
		for _, e := range v {
			g.disturb(e, depth+1)
		}
	}
}
