package ob3

import (
	"bytes"
	"encoding/json"
)

// Evidence describes the work that earned the credential.
type Evidence struct {
	ID          string `json:"id,omitempty"`
	Type        Types  `json:"type"`
	Narrative   string `json:"narrative,omitempty"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	Genre       string `json:"genre,omitempty"`
	Audience    string `json:"audience,omitempty"`
	Extra       Extra  `json:"-"`
}

func (e Evidence) MarshalJSON() ([]byte, error) {
	type plain Evidence
	return encodeObject(plain(e), e.Extra)
}

func (e *Evidence) UnmarshalJSON(data []byte) error {
	type plain Evidence
	return decodeInto(data, (*plain)(e), &e.Extra)
}

// CredentialSchema names a schema the credential conforms to.
type CredentialSchema struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

// CredentialStatus says where to look up whether the credential is revoked or
// suspended (a BitstringStatusListEntry for credentials Accolade issues).
//
// A credential may name several entries (revocation and suspension), as an
// array; the OB 3.0 schema allows one object only. A *CredentialStatus is
// the first entry, and More holds the others: it reads both shapes, and
// writes one object when More is empty, an array otherwise. Entries lists
// them all.
type CredentialStatus struct {
	ID                   string             `json:"id,omitempty"`
	Type                 string             `json:"type"`
	StatusPurpose        string             `json:"statusPurpose,omitempty"`
	StatusListIndex      string             `json:"statusListIndex,omitempty"`
	StatusListCredential string             `json:"statusListCredential,omitempty"`
	Extra                Extra              `json:"-"`
	More                 []CredentialStatus `json:"-"`
}

// Entries returns every status entry: s itself, then More. A nil s has none.
func (s *CredentialStatus) Entries() []CredentialStatus {
	if s == nil {
		return nil
	}
	first := *s
	first.More = nil
	out := []CredentialStatus{first}
	for _, m := range s.More {
		m.More = nil
		out = append(out, m)
	}
	return out
}

func (s CredentialStatus) MarshalJSON() ([]byte, error) {
	if len(s.More) > 0 {
		return json.Marshal(s.Entries())
	}
	type plain CredentialStatus
	return encodeObject(plain(s), s.Extra)
}

func (s *CredentialStatus) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '[' {
		var all []CredentialStatus
		if err := json.Unmarshal(data, &all); err != nil {
			return err
		}
		if len(all) == 0 {
			*s = CredentialStatus{}
			return nil
		}
		*s = all[0]
		s.More = all[1:]
		return nil
	}
	type plain struct {
		ID                   string `json:"id,omitempty"`
		Type                 string `json:"type"`
		StatusPurpose        string `json:"statusPurpose,omitempty"`
		StatusListCredential string `json:"statusListCredential,omitempty"`
	}
	var v plain
	x, err := decodeObject(data, &v)
	if err != nil {
		return err
	}
	*s = CredentialStatus{ID: v.ID, Type: v.Type, StatusPurpose: v.StatusPurpose, StatusListCredential: v.StatusListCredential}
	if raw, ok := x["statusListIndex"]; ok { // a base-10 string; some issuers write a number
		s.StatusListIndex = stringOrNumber(raw)
		delete(x, "statusListIndex")
	}
	if len(x) > 0 {
		s.Extra = x
	}
	return nil
}

func stringOrNumber(raw []byte) string {
	if len(raw) > 0 && raw[0] == '"' {
		return string(raw[1 : len(raw)-1])
	}
	return string(raw)
}

// Proof is an embedded proof (Data Integrity or another suite).
type Proof struct {
	Type               string   `json:"type"`
	Cryptosuite        string   `json:"cryptosuite,omitempty"`
	Created            DateTime `json:"created,omitzero"`
	VerificationMethod string   `json:"verificationMethod,omitempty"`
	ProofPurpose       string   `json:"proofPurpose,omitempty"`
	ProofValue         string   `json:"proofValue,omitempty"`
	Extra              Extra    `json:"-"`
}

func (p Proof) MarshalJSON() ([]byte, error) {
	type plain Proof
	return encodeObject(plain(p), p.Extra)
}

func (p *Proof) UnmarshalJSON(data []byte) error {
	type plain Proof
	return decodeInto(data, (*plain)(p), &p.Extra)
}
