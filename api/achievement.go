package api

// AchievementFile is one file of POST /api/v1/achievements.
type AchievementFile struct {
	Name    string `json:"name"`    // for messages, such as trainer.yaml
	Content string `json:"content"` // the achievement file, YAML or JSON
	// Image, when set, replaces the file's image: the URL of an image
	// uploaded with POST /api/v1/images (the CLI uploads the file an
	// achievement file names as "image: badge.svg" so, before loading).
	Image string `json:"image,omitempty"`
}

// AchievementFiles is the JSON body of POST /api/v1/achievements: files
// loaded together, all or none, which may refer to each other.
type AchievementFiles struct {
	Files []AchievementFile `json:"files"`
}

// Achievement is an achievement as GET /api/v1/achievements lists it.
type Achievement struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Issuer    string `json:"issuer,omitempty"`
	URL       string `json:"url"`
	Published bool   `json:"published"`
	Automatic bool   `json:"automatic"` // awarded by a rule or on approval
}

// AchievementList is one page of achievements. Next, when set, is the
// after= of the next page.
type AchievementList struct {
	Achievements []Achievement `json:"achievements"`
	Next         string        `json:"next,omitempty"`
}
