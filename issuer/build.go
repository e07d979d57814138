package issuer

import (
	"strconv"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/ob3"
)

// Contexts are the JSON-LD contexts of every issued credential, in order.
var Contexts = []string{
	"https://www.w3.org/ns/credentials/v2",
	"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
	"https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
}

// build assembles the OB 3.0 credential for a reserved record.
func (s *Service) build(rec *accolade.Record, prof *accolade.Profile, ach *accolade.Achievement, m *accolade.Member, ev []accolade.Evidence) (*ob3.OpenBadgeCredential, error) {
	salt, err := newSalt(s.rand)
	if err != nil {
		return nil, err
	}
	ach = ach.In(m.Lang) // the member's language, when the achievement has it
	c := &ob3.OpenBadgeCredential{
		ID:        "urn:uuid:" + rec.ID,
		Type:      ob3.Types{ob3.TypeVerifiableCredential, ob3.TypeOpenBadgeCredential},
		Name:      ach.Name,
		Issuer:    s.profileJSON(prof),
		ValidFrom: ob3.NewDateTime(rec.ValidFrom),
		CredentialSubject: ob3.AchievementSubject{
			ID:          m.DID,
			Type:        ob3.Types{ob3.TypeAchievementSubject},
			Name:        m.Name,
			Identifier:  []ob3.IdentityObject{ob3.EmailIdentity(m.Email, salt)},
			Achievement: s.achievementJSON(ach),
		},
		CredentialSchema: []ob3.CredentialSchema{{ID: ob3.SchemaURL, Type: ob3.SchemaValidatorType}},
	}
	if err := s.endorse(&c.CredentialSubject.Achievement); err != nil {
		return nil, err
	}
	if err := s.endorseIssuer(&c.Issuer); err != nil {
		return nil, err
	}
	if m.Name != "" {
		c.CredentialSubject.Identifier = append(c.CredentialSubject.Identifier, ob3.NameIdentity(m.Name))
	}
	for _, u := range Contexts {
		c.Context = append(c.Context, ob3.Context{URL: u})
	}
	if !rec.ValidUntil.IsZero() {
		c.ValidUntil = ob3.NewDateTime(rec.ValidUntil)
	}
	c.CredentialStatus = s.statusJSON(rec)
	if !rec.AwardedDate.IsZero() { // a renewal: when it was first awarded
		c.AwardedDate = ob3.NewDateTime(rec.AwardedDate)
	}
	for _, e := range ev {
		name := e.Name
		if name == "" {
			name = e.Kind + " " + e.ID
		}
		c.Evidence = append(c.Evidence, ob3.Evidence{
			Type: ob3.Types{ob3.TypeEvidence}, Name: name, Narrative: e.Narrative, Description: e.Description,
		})
	}
	return c, nil
}

// profileJSON is the issuer Profile as it appears in credentials and at
// /issuers/{slug}.
func (s *Service) profileJSON(p *accolade.Profile) ob3.Profile {
	return ProfileJSON(s.urls, p)
}

// ProfileJSON returns the OB 3.0 Profile of an issuer, its logo as the
// Profile's image.
func ProfileJSON(u accolade.URLs, p *accolade.Profile) ob3.Profile {
	out := ob3.Profile{
		ID: u.IssuerID(p), Type: ob3.Types{ob3.TypeProfile},
		Name: p.Name, URL: p.URL, Description: p.Description, Email: p.Email,
	}
	if out.URL == "" {
		out.URL = u.Base
	}
	if p.Logo != "" {
		out.Image = &ob3.Image{ID: p.Logo, Type: ob3.TypeImage, Caption: p.Name}
	}
	return out
}

func (s *Service) achievementJSON(a *accolade.Achievement) ob3.Achievement {
	return AchievementJSON(s.urls, a)
}

// AchievementJSON returns the OB 3.0 Achievement for a definition (an
// *accolade.Achievement or a *criteria.Achievement), in its main language
// (inLanguage when the file says it; see accolade.Achievement.In for
// another). An image is included only when the definition names an
// absolute URL.
func AchievementJSON(u accolade.URLs, d accolade.Definer) ob3.Achievement {
	a := d.Definition()
	id := u.Achievement(a.ID)
	out := ob3.Achievement{
		ID: id, Type: ob3.Types{ob3.TypeAchievement},
		Name: a.Name, Description: a.Description, AchievementType: a.AchievementType,
		Criteria:   ob3.Criteria{ID: id + "#criteria", Narrative: strings.TrimSpace(a.Narrative)},
		InLanguage: a.Lang,
	}
	if strings.HasPrefix(a.Image, "https://") || strings.HasPrefix(a.Image, "http://") || strings.HasPrefix(a.Image, "data:image/") {
		out.Image = &ob3.Image{ID: a.Image, Type: ob3.TypeImage, Caption: a.Name}
	}
	return out
}

// TypeStatusEntry is the type of every status entry of issued credentials.
const TypeStatusEntry = "BitstringStatusListEntry"

// statusJSON returns the credentialStatus of a reserved record: one
// BitstringStatusListEntry per status entry (revocation, then suspension),
// one object when there is one; nil when it has none.
func (s *Service) statusJSON(rec *accolade.Record) *ob3.CredentialStatus {
	var all []ob3.CredentialStatus
	for _, e := range rec.StatusEntries {
		list := s.urls.StatusList(rec.Issuer, e.Purpose, e.List, "")
		index := strconv.Itoa(e.Index)
		all = append(all, ob3.CredentialStatus{ID: list + "#" + index, Type: TypeStatusEntry,
			StatusPurpose: string(e.Purpose), StatusListIndex: index, StatusListCredential: list})
	}
	if len(all) == 0 {
		return nil
	}
	first := all[0]
	first.More = all[1:]
	return &first
}
