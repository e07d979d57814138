package store

import (
	"slices"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/ledger"
)

// Record versions of the issuer profile, member and key records.
const (
	profileVersion = 1
	memberVersion  = 1
	keyVersion     = 1
)

// profileRecord is the stored form of an accolade.Profile.
type profileRecord struct {
	V           int       `json:"v"`
	Slug        string    `json:"slug"`
	Name        string    `json:"name"`
	URL         string    `json:"url,omitempty"`
	Description string    `json:"description,omitempty"`
	Email       string    `json:"email,omitempty"`
	Alg         string    `json:"alg"`
	IDMode      string    `json:"idMode,omitempty"`
	DIDKey      string    `json:"didKey,omitempty"`
	Logo        string    `json:"logo,omitempty"`
	LinkedInOrg string    `json:"linkedInOrg,omitempty"`
	PaperSize   string    `json:"paperSize,omitempty"`
	Lang        string    `json:"lang,omitempty"`
	Coord       []string  `json:"coordinators,omitempty"`
	Created     time.Time `json:"created"`
}

func (r *profileRecord) version() (int, int) { return r.V, profileVersion }

func toProfileRecord(p *accolade.Profile) *profileRecord {
	return &profileRecord{V: profileVersion, Slug: p.Slug, Name: p.Name, URL: p.URL, Description: p.Description,
		Email: p.Email, Alg: string(p.Alg), IDMode: string(p.IDMode), DIDKey: p.DIDKey, Logo: p.Logo, LinkedInOrg: p.LinkedInOrganizationID,
		PaperSize: p.PaperSize, Lang: p.Lang, Coord: slices.Clone(p.Coordinators), Created: p.Created}
}

func profileFromRecord(r *profileRecord) *accolade.Profile {
	return &accolade.Profile{Slug: r.Slug, Name: r.Name, URL: r.URL, Description: r.Description,
		Email: r.Email, Alg: keys.Algorithm(r.Alg), IDMode: accolade.IDMode(r.IDMode), DIDKey: r.DIDKey, Logo: r.Logo,
		LinkedInOrganizationID: r.LinkedInOrg, PaperSize: r.PaperSize, Lang: r.Lang, Coordinators: r.Coord, Created: r.Created}
}

// memberRecord is the stored form of an accolade.Member.
type memberRecord struct {
	V      int    `json:"v"`
	ID     string `json:"id"`
	Name   string `json:"name"`
	Email  string `json:"email"`
	DID    string `json:"did,omitempty"`
	Lang   string `json:"lang,omitempty"`
	Latin  string `json:"latinName,omitempty"`
	Listed bool   `json:"listed,omitempty"`
	NoMail bool   `json:"noMail,omitempty"`
	// Communities: none is the default community (members stored before
	// there were several have none).
	Communities []string  `json:"communities,omitempty"`
	Forgotten   time.Time `json:"forgotten,omitzero"` // optional: absent in members never erased
	Created     time.Time `json:"created"`
	Updated     time.Time `json:"updated"`
}

func (r *memberRecord) version() (int, int) { return r.V, memberVersion }

func toMemberRecord(m *accolade.Member) *memberRecord {
	return &memberRecord{V: memberVersion, ID: m.ID, Name: m.Name, Email: m.Email, DID: m.DID, Lang: m.Lang,
		Latin: m.LatinName, Listed: m.Listed, NoMail: m.NoMail, Communities: slices.Clone(m.Communities), Forgotten: m.Forgotten, Created: m.Created, Updated: m.Updated}
}

func memberFromRecord(r *memberRecord) *accolade.Member {
	return &accolade.Member{ID: r.ID, Name: r.Name, Email: r.Email, DID: r.DID, Lang: r.Lang,
		LatinName: r.Latin, Listed: r.Listed, NoMail: r.NoMail, Communities: r.Communities, Forgotten: r.Forgotten, Created: r.Created, Updated: r.Updated}
}

// keyRecord is the stored form of a keys.Record; the private key is only
// ever in it sealed.
type keyRecord struct {
	V       int       `json:"v"`
	ID      string    `json:"id"`
	Issuer  string    `json:"issuer"`
	Alg     string    `json:"alg"`
	Created time.Time `json:"created"`
	Retired time.Time `json:"retired,omitzero"`
	Public  []byte    `json:"public"`
	Sealed  []byte    `json:"sealed"`
}

func (r *keyRecord) version() (int, int) { return r.V, keyVersion }

func toKeyRecord(k *keys.Record) *keyRecord {
	return &keyRecord{V: keyVersion, ID: k.ID, Issuer: k.Issuer, Alg: string(k.Alg), Created: k.Created,
		Retired: k.Retired, Public: slices.Clone(k.Public), Sealed: slices.Clone(k.Sealed)}
}

func keyFromRecord(r *keyRecord) *keys.Record {
	return &keys.Record{ID: r.ID, Issuer: r.Issuer, Alg: keys.Algorithm(r.Alg), Created: r.Created,
		Retired: r.Retired, Public: r.Public, Sealed: r.Sealed}
}

// Issuer returns the issuer with slug, or an errs.NotFound error.
func (db *DB) Issuer(slug string) (*accolade.Profile, error) {
	return getOne(db, bucketIssuers, slug, "issuer", profileFromRecord)
}

// Issuers returns every issuer in slug order.
func (db *DB) Issuers() ([]*accolade.Profile, error) {
	return list(db, bucketIssuers, profileFromRecord)
}

// PutIssuer creates or replaces an issuer.
func (db *DB) PutIssuer(p *accolade.Profile) error {
	return db.kv.update(func(tx kvTx) error { return put(tx, bucketIssuers, p.Slug, toProfileRecord(p)) })
}

// UpdateIssuer changes the issuer with slug in one transaction: change is
// given the stored profile and edits it, and its error (or an errs.NotFound
// error when there is no such issuer) leaves the profile as it was. Two
// updates at once (a profile edit and a logo upload) cannot lose each
// other's change.
func (db *DB) UpdateIssuer(slug string, change func(*accolade.Profile) error) (*accolade.Profile, error) {
	var out *accolade.Profile
	err := db.kv.update(func(tx kvTx) error {
		r, err := get[profileRecord](tx, bucketIssuers, slug)
		if err != nil {
			return err
		}
		if r == nil {
			return errs.E(errs.NotFound, "no issuer %q", slug)
		}
		p := profileFromRecord(r)
		if err := change(p); err != nil {
			return err
		}
		p.Slug = slug
		out = p
		return put(tx, bucketIssuers, slug, toProfileRecord(p))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Member returns the member with id, or an errs.NotFound error.
func (db *DB) Member(id string) (*accolade.Member, error) {
	return getOne(db, bucketMembers, id, "member", memberFromRecord)
}

// Members returns every member in id order.
func (db *DB) Members() ([]*accolade.Member, error) { return list(db, bucketMembers, memberFromRecord) }

// PutMember creates or replaces a member, keeping the original creation time.
// It reports whether the member was new.
func (db *DB) PutMember(m *accolade.Member) (created bool, err error) {
	orig := *m
	err = db.kv.update(func(tx kvTx) error {
		// Set afresh: the engine may run this function more than once (kv.go).
		*m = orig
		old, err := get[memberRecord](tx, bucketMembers, m.ID)
		if err != nil {
			return err
		}
		oldEmail := ""
		if old != nil {
			m.Created, m.NoMail, oldEmail = old.Created, old.NoMail, old.Email
		}
		created = old == nil
		if err := indexEmail(tx, m.ID, oldEmail, m.Email); err != nil {
			return err
		}
		if err := noteChange(tx, accolade.ChangeMember, m.ID); err != nil {
			return err
		}
		return put(tx, bucketMembers, m.ID, toMemberRecord(m))
	})
	return created, err
}

// PutMembers creates or replaces members in one transaction (bulk import),
// keeping creation times. A member whose every field is unchanged is left as it is (Unchanged).
func (db *DB) PutMembers(list []*accolade.Member) ([]ledger.Outcome, error) {
	out := make([]ledger.Outcome, len(list))
	orig := make([]accolade.Member, len(list))
	for i, m := range list {
		orig[i] = *m
	}
	err := db.kv.update(func(tx kvTx) error {
		// Set afresh: the engine may run this function more than once (kv.go).
		clear(out)
		for i, m := range list {
			*m = orig[i]
			old, err := get[memberRecord](tx, bucketMembers, m.ID)
			if err != nil {
				return err
			}
			if old != nil && old.Name == m.Name && old.Email == m.Email && old.DID == m.DID && old.Lang == m.Lang &&
				old.Latin == m.LatinName && old.Listed == m.Listed && slices.Equal(old.Communities, m.Communities) {
				*m = *memberFromRecord(old)
				continue
			}
			out[i] = ledger.Created
			oldEmail := ""
			if old != nil {
				m.Created, m.NoMail, oldEmail, out[i] = old.Created, old.NoMail, old.Email, ledger.Updated
			}
			if err := indexEmail(tx, m.ID, oldEmail, m.Email); err != nil {
				return err
			}
			if err := noteChange(tx, accolade.ChangeMember, m.ID); err != nil {
				return err
			}
			if err := put(tx, bucketMembers, m.ID, toMemberRecord(m)); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// PutKeys stores key records atomically (keys.Store).
func (db *DB) PutKeys(recs ...keys.Record) error {
	return db.kv.update(func(tx kvTx) error {
		for i := range recs {
			if err := put(tx, bucketKeys, recs[i].ID, toKeyRecord(&recs[i])); err != nil {
				return err
			}
		}
		return nil
	})
}

// ListKeys returns every key record (keys.Store).
func (db *DB) ListKeys() ([]keys.Record, error) {
	var out []keys.Record
	err := db.kv.view(func(tx kvTx) error {
		return each(tx, bucketKeys, func(r *keyRecord) error { out = append(out, *keyFromRecord(r)); return nil })
	})
	return out, err
}

// DeleteKey removes a key record (keys.Store); errs.NotFound when absent.
func (db *DB) DeleteKey(id string) error {
	return db.kv.update(func(tx kvTx) error {
		b := tx.bucket(bucketKeys)
		if b.Get([]byte(id)) == nil {
			return errs.E(errs.NotFound, "no key %q", id)
		}
		return b.Delete([]byte(id))
	})
}
