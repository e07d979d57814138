package api

// Progress is the answer to GET /api/v1/members/{id}/progress: for each
// achievement with a rule, whether the member earned it and how far they
// are with each requirement.
type Progress struct {
	Member       string                `json:"member"`
	Achievements []AchievementProgress `json:"achievements"`
}

// AchievementProgress is one achievement of a Progress. Credential is the
// id of the credential that awarded it, or nil.
type AchievementProgress struct {
	Achievement  string        `json:"achievement"`
	Name         string        `json:"name"`
	Earned       bool          `json:"earned"`
	Credential   *string       `json:"credential"`
	Requirements []Requirement `json:"requirements"`
}

// Requirement is one requirement of a rule, as far as the member got:
// Current of Target, Met when reached, Evidence the ids of what counted.
type Requirement struct {
	Description string   `json:"description"`
	Current     float64  `json:"current"`
	Target      float64  `json:"target"`
	Met         bool     `json:"met"`
	Evidence    []string `json:"evidence,omitempty"`
}
