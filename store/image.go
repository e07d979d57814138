package store

import (
	"regexp"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// imageVersion is the record version of a stored image.
const imageVersion = 1

// imageRecord is the stored form of an Image, keyed by its hash.
type imageRecord struct {
	V           int       `json:"v"`
	ContentType string    `json:"contentType"`
	Data        []byte    `json:"data"`
	Width       int       `json:"width,omitempty"`
	Height      int       `json:"height,omitempty"`
	Created     time.Time `json:"created"`
}

func (r *imageRecord) version() (int, int) { return r.V, imageVersion }

var hashRe = regexp.MustCompile(`^[0-9a-f]{64}$`)

// PutImage stores an image checked by package badgeimage under its hash
// (img.Hash), unless the same bytes are stored already; then img.Created
// becomes the first one's. It reports whether the image is new.
func (db *DB) PutImage(img *accolade.Image) (created bool, err error) {
	hash := img.Hash()
	origCreated := img.Created
	err = db.kv.update(func(tx kvTx) error {
		// Set afresh: the engine may run this function more than once (kv.go).
		created, img.Created = false, origCreated
		old, err := get[imageRecord](tx, bucketImages, hash)
		if err != nil {
			return err
		}
		if old != nil {
			img.Created = old.Created
			return nil
		}
		created = true
		return put(tx, bucketImages, hash, &imageRecord{V: imageVersion, ContentType: img.ContentType, Data: img.Data,
			Width: img.Width, Height: img.Height, Created: img.Created.UTC()})
	})
	return created, err
}

// Image returns the image whose hash is hash (lowercase hex SHA-256), or
// an errs.NotFound error.
func (db *DB) Image(hash string) (*accolade.Image, error) {
	if !hashRe.MatchString(hash) {
		return nil, errs.E(errs.NotFound, "no image %q", hash)
	}
	return getOne(db, bucketImages, hash, "image", imageFromRecord)
}

func imageFromRecord(r *imageRecord) *accolade.Image {
	return &accolade.Image{ContentType: r.ContentType, Data: r.Data, Width: r.Width, Height: r.Height, Created: r.Created}
}
