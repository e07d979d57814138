package ob3

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
type CredentialStatus struct {
	ID                   string `json:"id,omitempty"`
	Type                 string `json:"type"`
	StatusPurpose        string `json:"statusPurpose,omitempty"`
	StatusListIndex      string `json:"statusListIndex,omitempty"`
	StatusListCredential string `json:"statusListCredential,omitempty"`
	Extra                Extra  `json:"-"`
}

func (s CredentialStatus) MarshalJSON() ([]byte, error) {
	type plain CredentialStatus
	return encodeObject(plain(s), s.Extra)
}

func (s *CredentialStatus) UnmarshalJSON(data []byte) error {
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
