package ob3

import (
	"bytes"
	"encoding/json"
)

// Profile describes an issuer or another organisation or person. Read
// tolerantly, a bare string is a profile known only by its id, and it is
// written back as a string.
type Profile struct {
	ID          string `json:"id"`
	Type        Types  `json:"type,omitempty"`
	Name        string `json:"name,omitempty"`
	URL         string `json:"url,omitempty"`
	Email       string `json:"email,omitempty"`
	Description string `json:"description,omitempty"`
	Image       *Image `json:"image,omitempty"`
	Extra       Extra  `json:"-"`

	idOnly bool
}

// ProfileRef returns a profile known only by its id.
func ProfileRef(id string) Profile { return Profile{ID: id, idOnly: true} }

// IsRef reports whether the profile was given as a bare id.
func (p Profile) IsRef() bool { return p.idOnly }

func (p Profile) MarshalJSON() ([]byte, error) {
	if p.idOnly {
		return json.Marshal(p.ID)
	}
	type plain Profile
	return encodeObject(plain(p), p.Extra)
}

func (p *Profile) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '"' {
		var id string
		if err := json.Unmarshal(data, &id); err != nil {
			return err
		}
		*p = ProfileRef(id)
		return nil
	}
	type plain Profile
	return decodeInto(data, (*plain)(p), &p.Extra)
}

// Image is an image with an id (URL or data: URI), always written as an
// object, as the OB 3.0 schema requires.
type Image struct {
	ID      string `json:"id"`
	Type    string `json:"type"`
	Caption string `json:"caption,omitempty"`
	Extra   Extra  `json:"-"`
}

func (i Image) MarshalJSON() ([]byte, error) {
	type plain Image
	return encodeObject(plain(i), i.Extra)
}

func (i *Image) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '"' { // OB 2.0 style: a bare URL
		*i = Image{Type: TypeImage}
		return json.Unmarshal(data, &i.ID)
	}
	type plain Image
	return decodeInto(data, (*plain)(i), &i.Extra)
}
