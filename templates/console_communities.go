package templates

// The console's communities page, for the install's owners (the
// coordinators of the default community): the communities of the install
// and the form creating another.

func init() {
	consolePages = append(consolePages, "console-communities")
	consoleSmoke["console-communities"] = ConsoleCommunitiesPage{}
}

// ConsoleCommunitiesPage is /console/default/communities. After a refused
// creation it holds the form as sent and the error (Err.Field is the
// form's field).
type ConsoleCommunitiesPage struct {
	ConsolePage
	Action                 string
	Communities            []ConsoleCommunity
	Slug, Name, URL, Email string
	Lang, Alg, IDMode      string
	Coordinators           string // member ids, one a line
	Algs, IDModes          []MemberOption
	DIDWebImpossible       bool // the base URL is not https: did:web is not offered
	Err                    *FormError
}

// ConsoleCommunity is one community in the list: its public page and, when
// the signed-in owner coordinates it, its console (empty: not theirs).
type ConsoleCommunity struct {
	Slug, Name            string
	PublicURL, ConsoleURL string
}
