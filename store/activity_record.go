package store

import (
	"maps"
	"slices"
	"time"

	"github.com/accolade-badges/accolade/ledger"
)

// Record versions of the community activity records.
const (
	exchangeVersion    = 1
	attestationVersion = 1
	applicationVersion = 1
)

// exchangeRecord is the stored form of a ledger.Exchange.
type exchangeRecord struct {
	V            int               `json:"v"`
	ID           string            `json:"id"`
	Kind         string            `json:"kind"`
	Title        string            `json:"title,omitempty"`
	Skills       []string          `json:"skills"`
	Hours        float64           `json:"hours"`
	OccurredAt   time.Time         `json:"occurredAt"`
	Teachers     []string          `json:"teachers"`
	Learners     []string          `json:"learners"`
	ConfirmedBy  []string          `json:"confirmedBy,omitempty"`
	Rating       int               `json:"rating,omitempty"`
	Feedback     string            `json:"feedback,omitempty"`
	Withdrawn    bool              `json:"withdrawn,omitempty"`
	LoggedBy     string            `json:"loggedBy,omitempty"`
	DisputedBy   []string          `json:"disputedBy,omitempty"`
	DisputeNotes map[string]string `json:"disputeNotes,omitempty"`
	Community    string            `json:"community,omitempty"` // "": the default community
}

func (r *exchangeRecord) version() (int, int) { return r.V, exchangeVersion }

func toExchangeRecord(e *ledger.Exchange) *exchangeRecord {
	return &exchangeRecord{V: exchangeVersion, ID: e.ID, Kind: string(e.Kind), Title: e.Title,
		Skills: slices.Clone(e.Skills), Hours: e.Hours, OccurredAt: e.OccurredAt,
		Teachers: slices.Clone(e.Teachers), Learners: slices.Clone(e.Learners), ConfirmedBy: slices.Clone(e.ConfirmedBy),
		Rating: e.Rating, Feedback: e.Feedback, Withdrawn: e.Withdrawn, LoggedBy: e.LoggedBy, DisputedBy: slices.Clone(e.DisputedBy), DisputeNotes: maps.Clone(e.DisputeNotes), Community: e.Community}
}

func exchangeFromRecord(r *exchangeRecord) *ledger.Exchange {
	return &ledger.Exchange{ID: r.ID, Kind: ledger.ExchangeKind(r.Kind), Title: r.Title, Skills: r.Skills,
		Hours: r.Hours, OccurredAt: r.OccurredAt, Teachers: r.Teachers, Learners: r.Learners,
		ConfirmedBy: r.ConfirmedBy, Rating: r.Rating, Feedback: r.Feedback, Withdrawn: r.Withdrawn,
		LoggedBy: r.LoggedBy, DisputedBy: r.DisputedBy, DisputeNotes: r.DisputeNotes, Community: r.Community}
}

// attestationRecord is the stored form of a ledger.Attestation.
type attestationRecord struct {
	V           int       `json:"v"`
	ID          string    `json:"id"`
	Attester    string    `json:"attester"`
	Member      string    `json:"member"`
	Skill       string    `json:"skill,omitempty"`
	Statement   string    `json:"statement"`
	Level       string    `json:"level,omitempty"`
	CreatedAt   time.Time `json:"createdAt"`
	Achievement string    `json:"achievement,omitempty"`
	Community   string    `json:"community,omitempty"` // "": the default community
}

func (r *attestationRecord) version() (int, int) { return r.V, attestationVersion }

func toAttestationRecord(a *ledger.Attestation) *attestationRecord {
	return &attestationRecord{V: attestationVersion, ID: a.ID, Attester: a.Attester, Member: a.Member, Skill: a.Skill,
		Statement: a.Statement, Level: a.Level, CreatedAt: a.CreatedAt, Achievement: a.Achievement, Community: a.Community}
}

func attestationFromRecord(r *attestationRecord) *ledger.Attestation {
	return &ledger.Attestation{ID: r.ID, Attester: r.Attester, Member: r.Member, Skill: r.Skill,
		Statement: r.Statement, Level: r.Level, CreatedAt: r.CreatedAt, Achievement: r.Achievement, Community: r.Community}
}

// applicationRecord is the stored form of a ledger.Application.
type applicationRecord struct {
	V            int       `json:"v"`
	ID           string    `json:"id"`
	Member       string    `json:"member"`
	Achievement  string    `json:"achievement"`
	Narrative    string    `json:"narrative"`
	EvidenceURLs []string  `json:"evidenceUrls,omitempty"`
	Status       string    `json:"status"`
	Reviewer     string    `json:"reviewer,omitempty"`
	Comment      string    `json:"comment,omitempty"`
	CreatedAt    time.Time `json:"createdAt"`
	DecidedAt    time.Time `json:"decidedAt,omitzero"`
}

func (r *applicationRecord) version() (int, int) { return r.V, applicationVersion }

func toApplicationRecord(a *ledger.Application) *applicationRecord {
	return &applicationRecord{V: applicationVersion, ID: a.ID, Member: a.Member, Achievement: a.Achievement,
		Narrative: a.Narrative, EvidenceURLs: slices.Clone(a.EvidenceURLs), Status: a.Status, Reviewer: a.Reviewer,
		Comment: a.Comment, CreatedAt: a.CreatedAt, DecidedAt: a.DecidedAt}
}

func applicationFromRecord(r *applicationRecord) *ledger.Application {
	return &ledger.Application{ID: r.ID, Member: r.Member, Achievement: r.Achievement,
		Narrative: r.Narrative, EvidenceURLs: r.EvidenceURLs, Status: r.Status, Reviewer: r.Reviewer,
		Comment: r.Comment, CreatedAt: r.CreatedAt, DecidedAt: r.DecidedAt}
}
