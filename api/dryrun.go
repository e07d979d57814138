package api

// DryRun is the answer to POST /api/v1/achievements/dry-run: who would earn
// an achievement if it were loaded now and every member evaluated, before
// anything is stored or issued.
type DryRun struct {
	Achievement string `json:"achievement"`
	// Replaces reports whether an achievement with this id is stored: the
	// run previews replacing its definition.
	Replaces bool `json:"replaces"`
	// Unpublished: the stored achievement is unpublished, so loading it
	// awards nothing until it is published; the counts say what publishing
	// would.
	Unpublished bool           `json:"unpublished,omitempty"`
	Members     int            `json:"members"`     // members evaluated
	WouldEarn   int            `json:"wouldEarn"`   // credentials that would be issued
	AlreadyHold int            `json:"alreadyHold"` // members holding a valid credential for it
	Earners     []DryRunMember `json:"earners"`     // the first 100 of wouldEarn, by name
	NearlyCount int            `json:"nearlyCount"` // members one requirement short
	Nearly      []DryRunMember `json:"nearly"`      // the first 20 of them, by name
}

// DryRunMember is a member of a DryRun's lists, with their progress.
type DryRunMember struct {
	Member       string        `json:"member"`
	Name         string        `json:"name"`
	Renewal      bool          `json:"renewal,omitempty"` // the award renews a credential they hold
	Requirements []Requirement `json:"requirements"`
}
