package accolade_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ledger"
)

func TestMemberValidate(t *testing.T) {
	tests := []struct {
		name  string
		m     accolade.Member
		field string // "" for valid
	}{
		{"full", accolade.Member{ID: "ada", Name: "Ada", Email: "ada@example.org", DID: "did:web:ada.example.org", Lang: "pt-BR"}, ""},
		{"normalised", accolade.Member{ID: "ada", Name: "  Ada ", Email: " Ada@Example.ORG "}, ""},
		{"no id", accolade.Member{Name: "Ada", Email: "ada@example.org"}, "id"},
		{"bad id", accolade.Member{ID: "a da", Name: "Ada", Email: "ada@example.org"}, "id"},
		{"blank name", accolade.Member{ID: "ada", Name: " ", Email: "ada@example.org"}, "name"},
		{"control in name", accolade.Member{ID: "ada", Name: "Ada\x07", Email: "ada@example.org"}, "name"},
		{"display name", accolade.Member{ID: "ada", Name: "Ada", Email: "Ada <ada@example.org>"}, "email"},
		{"bad did", accolade.Member{ID: "ada", Name: "Ada", Email: "ada@example.org", DID: "web:x"}, "did"},
		{"bad lang", accolade.Member{ID: "ada", Name: "Ada", Email: "ada@example.org", Lang: "english!"}, "lang"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.m
			err := m.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate(%+v) = %v, want nil", tt.m, err)
				}
				if m.Name != "Ada" || m.Email != "ada@example.org" {
					t.Errorf("Validate(%+v) left name %q, email %q, want them trimmed and the email lowercased", tt.m, m.Name, m.Email)
				}
				return
			}
			if errs.KindOf(err) != errs.Invalid || errs.FieldOf(err) != tt.field {
				t.Errorf("Validate(%+v) = %v, want an Invalid error for field %q", tt.m, err, tt.field)
			}
		})
	}
}

func TestLatinName(t *testing.T) {
	m := accolade.Member{ID: "layla", Name: "ليلى حداد", Email: "l@example.org", LatinName: " Layla Haddad "}
	if err := m.Validate(); err != nil || m.LatinName != "Layla Haddad" {
		t.Fatalf("Validate: %v, LatinName %q", err, m.LatinName)
	}
	m.LatinName = "ليلى"
	if err := m.Validate(); err == nil || !strings.Contains(err.Error(), "not Latin") {
		t.Errorf("Arabic LatinName: %v", err)
	}
}

func TestProfileCertificateFields(t *testing.T) {
	for _, c := range []struct {
		p    accolade.Profile
		want string
	}{
		{accolade.Profile{Slug: "a", Name: "A", PaperSize: "a5"}, `paperSize: "a5" is not a paper size`},
		{accolade.Profile{Slug: "a", Name: "A", LinkedInOrganizationID: "acme"}, `linkedInOrganizationId: "acme" is not a LinkedIn organisation id`},
		{accolade.Profile{Slug: "a", Name: "A", Lang: "english"}, `lang: "english" is not a language tag`},
		{accolade.Profile{Slug: "a", Name: "A", Logo: "javascript:alert(1)"}, `logo: "javascript:alert(1)" is not an http(s) URL`},
		{accolade.Profile{Slug: "a", Name: "A", PaperSize: accolade.PaperLetter, LinkedInOrganizationID: "1337", Lang: "fr", Logo: "https://x.org/l.png"}, ""},
	} {
		err := c.p.Validate()
		if (c.want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.p, err, c.want)
		}
	}
}

// TestMemberCommunities: no list is the default community; a list is
// sorted without duplicates, only the default is stored as none, and a
// slug that is not one is refused naming the field.
func TestMemberCommunities(t *testing.T) {
	if ledger.DefaultCommunity != accolade.DefaultSlug {
		t.Fatalf("ledger.DefaultCommunity %q differs from DefaultSlug %q", ledger.DefaultCommunity, accolade.DefaultSlug)
	}
	m := accolade.Member{ID: "ana", Name: "Ana", Email: "ana@example.org"}
	if !m.In(accolade.DefaultSlug) || m.In("city") || !slices.Equal(m.CommunitySlugs(), []string{accolade.DefaultSlug}) {
		t.Errorf("a member without communities: In(default)=%v In(city)=%v slugs=%v", m.In(accolade.DefaultSlug), m.In("city"), m.CommunitySlugs())
	}
	m.Communities = []string{"city", "default", "city"}
	if err := m.Validate(); err != nil || !slices.Equal(m.Communities, []string{"city", "default"}) || !m.In("city") {
		t.Errorf("communities %v, err %v; want [city default]", m.Communities, err)
	}
	m.Communities = []string{"default"}
	if err := m.Validate(); err != nil || m.Communities != nil {
		t.Errorf("only the default: %v, err %v; want none stored", m.Communities, err)
	}
	m.Communities = []string{"City Group"}
	if err := m.Validate(); err == nil || !strings.Contains(err.Error(), "communities") {
		t.Errorf("a bad slug: %v, want an error naming communities", err)
	}
}
