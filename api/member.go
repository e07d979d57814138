package api

// MemberBody is the JSON body of PUT /api/v1/members/{id}.
type MemberBody struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	DID   string `json:"did"`
	Lang  string `json:"lang"`
}

// Member is a member as the admin API shows it.
type Member struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
	DID   string `json:"did,omitempty"`
	Lang  string `json:"lang,omitempty"`
	// LatinName is the name in Latin letters, for certificates; Listed is
	// the member's choice to be named in public lists.
	LatinName string `json:"latinName,omitempty"`
	Listed    bool   `json:"listed"`
	// Communities are the slugs of the communities the member belongs to.
	Communities []string `json:"communities"`
}

// MemberList is the answer to GET /api/v1/members: one page of members in
// id order. Next, when set, is the after= of the next page.
type MemberList struct {
	Members []Member `json:"members"`
	Next    string   `json:"next,omitempty"`
}
