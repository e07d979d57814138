package store

import (
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
)

// Achievement returns the achievement with id, or an errs.NotFound error.
func (db *DB) Achievement(id string) (*criteria.Achievement, error) {
	return getOne(db, bucketAchievements, id, "achievement", achievementFromRecord)
}

// AchievementDefinition returns the definition of the achievement with id,
// as issuing reads it, or an errs.NotFound error.
func (db *DB) AchievementDefinition(id string) (*accolade.Achievement, error) {
	a, err := db.Achievement(id)
	if err != nil {
		return nil, err
	}
	return a.Definition(), nil
}

// Achievements returns every achievement in id order, published or not.
func (db *DB) Achievements() ([]*criteria.Achievement, error) {
	return list(db, bucketAchievements, achievementFromRecord)
}

// PutAchievement creates or replaces an achievement. Its issuer must exist
// (errs.Invalid otherwise). Replacing an achievement keeps its published
// state.
func (db *DB) PutAchievement(a *criteria.Achievement) error {
	return db.kv.update(func(tx kvTx) error { return putAchievement(tx, a) })
}

// PutAchievements creates or replaces achievements in one transaction: all
// are stored or none (see PutAchievement).
func (db *DB) PutAchievements(list []*criteria.Achievement) error {
	return db.kv.update(func(tx kvTx) error {
		for _, a := range list {
			if err := putAchievement(tx, a); err != nil {
				return err
			}
		}
		return nil
	})
}

func putAchievement(tx kvTx, a *criteria.Achievement) error {
	slug := a.Issuer
	if slug == "" {
		slug = accolade.DefaultSlug
	}
	if tx.bucket(bucketIssuers).Get([]byte(slug)) == nil {
		return errs.Field("issuer", "no issuer %q on this service", slug)
	}
	if err := noteChange(tx, accolade.ChangeAchievement, a.ID); err != nil {
		return err
	}
	return put(tx, bucketAchievements, a.ID, toAchievementRecord(a))
}

// Unpublished returns the ids of the unpublished achievements.
func (db *DB) Unpublished() (map[string]bool, error) {
	out := map[string]bool{}
	err := db.kv.view(func(tx kvTx) error {
		return tx.bucket(bucketUnpublished).ForEach(func(k, _ []byte) error {
			out[string(k)] = true
			return nil
		})
	})
	return out, err
}

// SetPublished publishes or unpublishes the achievement with id; at is when.
// It reports whether the state changed. errs.NotFound when there is no such
// achievement.
func (db *DB) SetPublished(id string, published bool, at time.Time) (changed bool, err error) {
	err = db.kv.update(func(tx kvTx) error {
		// Set afresh: the engine may run this function more than once (kv.go).
		changed = false
		if tx.bucket(bucketAchievements).Get([]byte(id)) == nil {
			return errs.E(errs.NotFound, "no achievement %q", id)
		}
		b := tx.bucket(bucketUnpublished)
		was := b.Get([]byte(id)) == nil
		if was == published {
			return nil
		}
		changed = true
		if err := noteChange(tx, accolade.ChangeAchievement, id); err != nil {
			return err
		}
		if published {
			return b.Delete([]byte(id))
		}
		return b.Put([]byte(id), []byte(at.UTC().Format(time.RFC3339)))
	})
	return changed, err
}

// DeleteAchievement deletes the achievement with id when no credential was
// ever issued for it: errs.NotFound when there is no such achievement,
// errs.Conflict saying how many credentials exist otherwise.
func (db *DB) DeleteAchievement(id string) error {
	return db.kv.update(func(tx kvTx) error {
		if tx.bucket(bucketAchievements).Get([]byte(id)) == nil {
			return errs.E(errs.NotFound, "no achievement %q", id)
		}
		n, err := issuedFor(tx, id)
		if err != nil {
			return err
		}
		n += db.reserved.forAchievement(id) // being issued
		if n > 0 {
			return errs.E(errs.Conflict, "achievement %q cannot be deleted: %d %s been issued for it (revoked ones included); unpublish it instead", id, n, plural(n, "credential has", "credentials have"))
		}
		if err := tx.bucket(bucketUnpublished).Delete([]byte(id)); err != nil {
			return err
		}
		if err := noteChange(tx, accolade.ChangeAchievement, id); err != nil {
			return err
		}
		return tx.bucket(bucketAchievements).Delete([]byte(id))
	})
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
