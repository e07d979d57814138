package accolade_test

import (
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
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
