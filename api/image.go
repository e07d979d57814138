package api

// Image is the answer to an image upload (PUT
// /api/v1/achievements/{id}/image, PUT /api/v1/issuers/{slug}/logo): where
// the checked image is served, and what it is.
type Image struct {
	URL         string `json:"url"`    // <base>/images/<sha256>.<png|svg>, now the achievement's image or the issuer's logo
	SHA256      string `json:"sha256"` // lowercase hex SHA-256 of the served bytes
	ContentType string `json:"contentType"`
	Width       int    `json:"width,omitempty"`
	Height      int    `json:"height,omitempty"`
	Bytes       int    `json:"bytes"`
}
