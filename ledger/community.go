package ledger

// DefaultCommunity is the slug of the default community (accolade.DefaultSlug),
// which exchanges and attestations naming none belong to.
const DefaultCommunity = "default"

// CommunityOf returns slug, or DefaultCommunity when it is empty.
func CommunityOf(slug string) string {
	if slug == "" {
		return DefaultCommunity
	}
	return slug
}

// StoredCommunity is how slug is stored: "" for the default community (as
// every exchange and attestation recorded before there were several).
func StoredCommunity(slug string) string {
	if slug == DefaultCommunity {
		return ""
	}
	return slug
}
