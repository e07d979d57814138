package ob3

// Achievement is what the credential says the recipient accomplished.
type Achievement struct {
	ID              string          `json:"id"`
	Type            Types           `json:"type"`
	Name            string          `json:"name"`
	Description     string          `json:"description"`
	Criteria        Criteria        `json:"criteria"`
	AchievementType string          `json:"achievementType,omitempty"`
	Image           *Image          `json:"image,omitempty"`
	InLanguage      string          `json:"inLanguage,omitempty"` // BCP 47: the language of name, description and criteria
	Creator         *Profile        `json:"creator,omitempty"`
	Alignment       List[Alignment] `json:"alignment,omitempty"`
	Tag             []string        `json:"tag,omitempty"`
	Extra           Extra           `json:"-"`
}

func (a Achievement) MarshalJSON() ([]byte, error) {
	type plain Achievement
	return encodeObject(plain(a), a.Extra)
}

func (a *Achievement) UnmarshalJSON(data []byte) error {
	type plain Achievement
	return decodeInto(data, (*plain)(a), &a.Extra)
}

// Criteria says how the achievement is earned.
type Criteria struct {
	ID        string `json:"id,omitempty"`
	Narrative string `json:"narrative,omitempty"`
	Extra     Extra  `json:"-"`
}

func (c Criteria) MarshalJSON() ([]byte, error) {
	type plain Criteria
	return encodeObject(plain(c), c.Extra)
}

func (c *Criteria) UnmarshalJSON(data []byte) error {
	type plain Criteria
	return decodeInto(data, (*plain)(c), &c.Extra)
}

// Alignment links an achievement to an entry in an educational framework.
type Alignment struct {
	Type              Types  `json:"type"`
	TargetName        string `json:"targetName"`
	TargetURL         string `json:"targetUrl"`
	TargetDescription string `json:"targetDescription,omitempty"`
	TargetCode        string `json:"targetCode,omitempty"`
	TargetFramework   string `json:"targetFramework,omitempty"`
	TargetType        string `json:"targetType,omitempty"`
	Extra             Extra  `json:"-"`
}

func (a Alignment) MarshalJSON() ([]byte, error) {
	type plain Alignment
	return encodeObject(plain(a), a.Extra)
}

func (a *Alignment) UnmarshalJSON(data []byte) error {
	type plain Alignment
	return decodeInto(data, (*plain)(a), &a.Extra)
}

// ImageURL returns the image's id, or "" when there is no image.
func (a Achievement) ImageURL() string {
	if a.Image == nil {
		return ""
	}
	return a.Image.ID
}
