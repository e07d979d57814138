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
