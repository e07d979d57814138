package store

import (
	"bytes"
	"slices"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// ForgetMember erases a member's personal data at their request, in one
// transaction:
//   - the member keeps only their id, communities and dates (name, email,
//     DID, language, Latin name gone; NoMail set; Forgotten stamped), and
//     leaves the email index;
//   - their credentials lose the signed JSON and VC-JWT, which name them
//     (status entries stay, so the copies the holder has still verify);
//   - what they wrote is emptied: their dispute notes, the feedback of
//     their exchanges, the statements of attestations by or about them,
//     the narrative and evidence links of their applications;
//   - their sessions, passkeys, sign-in links, wallet exchanges and
//     pending mail go;
//   - the Open Badges API's grants to applications end, their codes and
//     tokens go, and the credentials applications deposited are deleted.
//
// Forgetting a member again changes nothing more (their data is gone);
// errs.NotFound when there is no such member.
func (db *DB) ForgetMember(id string, now time.Time) (accolade.Forgotten, error) {
	var f accolade.Forgotten
	err := db.kv.update(func(tx kvTx) error {
		f = accolade.Forgotten{}
		r, err := get[memberRecord](tx, bucketMembers, id)
		if err != nil {
			return err
		}
		if r == nil {
			return errs.E(errs.NotFound, "no member %q", id)
		}
		if r.Email != "" {
			if err := tx.bucket(bucketMembersByEmail).Delete(emailKey(r.Email, id)); err != nil {
				return err
			}
		}
		if r.Forgotten.IsZero() {
			r.Forgotten = now.UTC()
		}
		r.Name, r.Email, r.DID, r.Lang, r.Latin, r.Listed, r.NoMail, r.Updated = "", "", "", "", "", false, true, now.UTC()
		if err := put(tx, bucketMembers, id, r); err != nil {
			return err
		}
		if err := noteChange(tx, accolade.ChangeForgotten, id); err != nil {
			return err
		}
		steps := []func(kvTx, string, time.Time, *accolade.Forgotten) error{
			forgetCredentials, forgetExchanges, forgetAttestations, forgetApplications, forgetSessions, forgetPasskeys, forgetMail,
			forgetOAuth,
		}
		for _, step := range steps {
			if err := step(tx, id, now, &f); err != nil {
				return err
			}
		}
		return nil
	})
	return f, err
}

// prefixed returns the keys of bucket that start with prefix.
func prefixed(tx kvTx, bucket []byte, prefix string) [][]byte {
	var out [][]byte
	c := tx.bucket(bucket).Cursor()
	p := []byte(prefix)
	for k, _ := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, _ = c.Next() {
		out = append(out, bytes.Clone(k))
	}
	return out
}

func forgetCredentials(tx kvTx, id string, now time.Time, f *accolade.Forgotten) error {
	for _, k := range prefixed(tx, bucketHeld, id+"\x00") {
		credID := string(k[bytes.LastIndexByte(k, 0)+1:])
		r, err := get[credentialRecord](tx, bucketCredentials, credID)
		if err != nil || r == nil {
			return err
		}
		if len(r.JSON) == 0 && r.JWT == "" && !r.Forgotten.IsZero() {
			continue
		}
		r.JSON, r.JWT = nil, ""
		if r.Forgotten.IsZero() {
			r.Forgotten = now.UTC()
		}
		if err := put(tx, bucketCredentials, credID, r); err != nil {
			return err
		}
		f.Credentials++
	}
	return nil
}

func forgetExchanges(tx kvTx, id string, _ time.Time, f *accolade.Forgotten) error {
	var changed []*exchangeRecord
	err := each(tx, bucketExchanges, func(r *exchangeRecord) error {
		if !slices.Contains(r.Teachers, id) && !slices.Contains(r.Learners, id) {
			return nil
		}
		_, note := r.DisputeNotes[id]
		if !note && r.Feedback == "" {
			return nil
		}
		delete(r.DisputeNotes, id)
		r.Feedback = ""
		changed = append(changed, r)
		return nil
	})
	for _, r := range changed {
		if err := put(tx, bucketExchanges, r.ID, r); err != nil {
			return err
		}
	}
	f.Exchanges = len(changed)
	return err
}

func forgetAttestations(tx kvTx, id string, _ time.Time, f *accolade.Forgotten) error {
	var changed []*attestationRecord
	err := each(tx, bucketAttestations, func(r *attestationRecord) error {
		if (r.Attester == id || r.Member == id) && r.Statement != "" {
			r.Statement = ""
			changed = append(changed, r)
		}
		return nil
	})
	for _, r := range changed {
		if err := put(tx, bucketAttestations, r.ID, r); err != nil {
			return err
		}
	}
	f.Attestations = len(changed)
	return err
}

func forgetApplications(tx kvTx, id string, _ time.Time, f *accolade.Forgotten) error {
	var changed []*applicationRecord
	err := each(tx, bucketApplications, func(r *applicationRecord) error {
		if r.Member == id && (r.Narrative != "" || len(r.EvidenceURLs) > 0) {
			r.Narrative, r.EvidenceURLs = "", nil
			changed = append(changed, r)
		}
		return nil
	})
	for _, r := range changed {
		if err := put(tx, bucketApplications, r.ID, r); err != nil {
			return err
		}
	}
	f.Applications = len(changed)
	return err
}

func forgetSessions(tx kvTx, id string, _ time.Time, f *accolade.Forgotten) error {
	prefix := id + "\x00"
	for _, k := range prefixed(tx, bucketMemberSessions, prefix) {
		if err := tx.bucket(bucketSessions).Delete(k[len(prefix):]); err != nil {
			return err
		}
		if err := tx.bucket(bucketMemberSessions).Delete(k); err != nil {
			return err
		}
		f.Sessions++
	}
	var links [][]byte
	err := tx.bucket(bucketSignIns).ForEach(func(k, raw []byte) error {
		var r signInRecord
		if err := decode(bucketSignIns, string(k), raw, &r); err != nil {
			return err
		}
		if r.Member == id {
			links = append(links, bytes.Clone(k))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range links {
		if err := tx.bucket(bucketSignIns).Delete(k); err != nil {
			return err
		}
	}
	return deleteWalletExchanges(tx, id)
}

func forgetPasskeys(tx kvTx, id string, _ time.Time, f *accolade.Forgotten) error {
	prefix := id + "\x00"
	for _, k := range prefixed(tx, bucketMemberPasskeys, prefix) {
		if err := tx.bucket(bucketPasskeys).Delete(k[len(prefix):]); err != nil {
			return err
		}
		if err := tx.bucket(bucketMemberPasskeys).Delete(k); err != nil {
			return err
		}
		f.Passkeys++
	}
	return nil
}

// forgetMail gives up the member's pending notices: there is no address to
// send them to any more.
func forgetMail(tx kvTx, id string, now time.Time, f *accolade.Forgotten) error {
	var pending []*outboxRecord
	err := each(tx, bucketOutbox, func(r *outboxRecord) error {
		if r.Member == id && r.State == OutboxPending {
			pending = append(pending, r)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range pending {
		if err := finishIn(tx, r, func(r *outboxRecord) {
			r.State, r.LastError, r.SentAt = OutboxFailed, "the member's details were removed", now.UTC()
		}); err != nil {
			return err
		}
		f.Mail++
	}
	return nil
}
