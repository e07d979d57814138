package accolade_test

import (
	"net/url"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
)

func TestLinkedInURL(t *testing.T) {
	rec := &accolade.Record{
		ID:         "3eef87a6-971e-4c0e-8dee-cf7da5b23196",
		ValidFrom:  time.Date(2026, time.January, 31, 23, 30, 0, 0, time.UTC),
		ValidUntil: time.Date(2028, time.December, 1, 0, 0, 0, 0, time.UTC),
	}
	for _, tc := range []struct {
		name, orgID string
		want        map[string]string
		absent      string
	}{
		{"by name", "", map[string]string{"organizationName": "Riverside Skill Exchange"}, "organizationId"},
		{"by id", "1337", map[string]string{"organizationId": "1337"}, "organizationName"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, err := url.Parse(accolade.LinkedInURL("Project Trainer + Mentor", "Riverside Skill Exchange", tc.orgID, rec, "https://b.example/credentials/"+rec.ID))
			if err != nil {
				t.Fatal(err)
			}
			q := u.Query()
			want := map[string]string{
				"startTask": "CERTIFICATION_NAME", "name": "Project Trainer + Mentor",
				"issueYear": "2026", "issueMonth": "1", "expirationYear": "2028", "expirationMonth": "12",
				"certUrl": "https://b.example/credentials/" + rec.ID, "certId": rec.ID,
			}
			for k, v := range tc.want {
				want[k] = v
			}
			for k, v := range want {
				if got := q.Get(k); got != v {
					t.Errorf("linkedInURL %s = %q, want %q", k, got, v)
				}
			}
			if q.Has(tc.absent) {
				t.Errorf("linkedInURL has %s: %s", tc.absent, u)
			}
		})
	}
	rec.ValidUntil = time.Time{}
	if q, _ := url.ParseQuery(accolade.LinkedInURL("A", "B", "", rec, "u")); q.Has("expirationYear") || q.Has("expirationMonth") {
		t.Errorf("linkedInURL of a credential that does not expire has an expiration date: %v", q)
	}
}
