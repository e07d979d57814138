package ob3

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/accolade-badges/accolade/errs"
)

// Type names used in credentials.
const (
	TypeVerifiableCredential  = "VerifiableCredential"
	TypeOpenBadgeCredential   = "OpenBadgeCredential"
	TypeAchievementCredential = "AchievementCredential"
	TypeAchievementSubject    = "AchievementSubject"
	TypeAchievement           = "Achievement"
	TypeProfile               = "Profile"
	TypeEvidence              = "Evidence"
	TypeImage                 = "Image"
	TypeIdentityObject        = "IdentityObject"
	SchemaValidatorType       = "1EdTechJsonSchemaValidator2019"
)

// SchemaURL is the official AchievementCredential JSON Schema that issued
// credentials name in credentialSchema.
const SchemaURL = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"

// OpenBadgeCredential is an Open Badges 3.0 credential. Properties that are
// not modelled are kept in Extra.
type OpenBadgeCredential struct {
	Context           Contexts               `json:"@context"`
	ID                string                 `json:"id,omitempty"`
	Type              Types                  `json:"type"`
	Name              string                 `json:"name,omitempty"`
	Description       string                 `json:"description,omitempty"`
	Image             *Image                 `json:"image,omitempty"`
	AwardedDate       DateTime               `json:"awardedDate,omitzero"`
	CredentialSubject AchievementSubject     `json:"credentialSubject"`
	Issuer            Profile                `json:"issuer"`
	ValidFrom         DateTime               `json:"validFrom,omitzero"`
	ValidUntil        DateTime               `json:"validUntil,omitzero"`
	IssuanceDate      DateTime               `json:"issuanceDate,omitzero"`   // VCDM 1.1; read only
	ExpirationDate    DateTime               `json:"expirationDate,omitzero"` // VCDM 1.1; read only
	Evidence          List[Evidence]         `json:"evidence,omitempty"`
	CredentialSchema  List[CredentialSchema] `json:"credentialSchema,omitempty"`
	CredentialStatus  *CredentialStatus      `json:"credentialStatus,omitempty"`
	Proof             List[Proof]            `json:"proof,omitempty"`
	Extra             Extra                  `json:"-"`
}

func (c OpenBadgeCredential) MarshalJSON() ([]byte, error) {
	type plain OpenBadgeCredential
	return encodeObject(plain(c), c.Extra)
}

func (c *OpenBadgeCredential) UnmarshalJSON(data []byte) error {
	type plain OpenBadgeCredential
	return decodeInto(data, (*plain)(c), &c.Extra)
}

// ParseCredential reads a JSON credential tolerantly (see the package
// documentation). It returns an errs.Invalid error naming what is wrong.
func ParseCredential(data []byte) (*OpenBadgeCredential, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || data[0] != '{' {
		return nil, errs.E(errs.Invalid, "a credential must be a JSON object, got %s", describeJSON(data))
	}
	var c OpenBadgeCredential
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, errs.Wrap(errs.Invalid, jsonError(err), "")
	}
	return &c, nil
}

// jsonError makes encoding/json's errors name the JSON path where it can.
func jsonError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return fmt.Errorf("%s: want %s, got JSON %s", te.Field, te.Type, te.Value)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("it is not valid JSON (%s, at byte %d)", se, se.Offset)
	}
	return err
}

// Start returns validFrom, or issuanceDate for a VCDM 1.1 credential.
func (c *OpenBadgeCredential) Start() DateTime {
	if !c.ValidFrom.IsZero() {
		return c.ValidFrom
	}
	return c.IssuanceDate
}

// End returns validUntil, or expirationDate for a VCDM 1.1 credential.
func (c *OpenBadgeCredential) End() DateTime {
	if !c.ValidUntil.IsZero() {
		return c.ValidUntil
	}
	return c.ExpirationDate
}
