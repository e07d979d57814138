package store

import (
	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// UpdateMember changes the member with id in one transaction: change is
// given the stored member and edits it (a setting such as NoMail), and its
// error, or an errs.NotFound error when there is no such member, leaves the
// member as it was. The id and creation time cannot be changed. Unlike
// PutMember it never replaces fields change did not touch, so a setting
// the member changed is not lost to an import running at the same time.
func (db *DB) UpdateMember(id string, change func(*accolade.Member) error) (*accolade.Member, error) {
	var out *accolade.Member
	err := db.kv.update(func(tx kvTx) error {
		r, err := get[memberRecord](tx, bucketMembers, id)
		if err != nil {
			return err
		}
		if r == nil {
			return errs.E(errs.NotFound, "no member %q", id)
		}
		m := memberFromRecord(r)
		if err := change(m); err != nil {
			return err
		}
		m.ID, m.Created = r.ID, r.Created
		out = m
		if err := noteChange(tx, accolade.ChangeMember, id); err != nil {
			return err
		}
		return put(tx, bucketMembers, id, toMemberRecord(m))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
