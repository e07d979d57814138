package store_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/internal/pgtest"
	"github.com/accolade-badges/accolade/internal/testutil"
	"github.com/accolade-badges/accolade/store"
)

func TestImages(t *testing.T) {
	db := testutil.MustOpen(t)
	first := time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)
	img := &accolade.Image{ContentType: accolade.ImageSVG, Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"></svg>`), Width: 10, Height: 20, Created: first}
	created, err := db.PutImage(img)
	if err != nil || !created {
		t.Fatalf("PutImage = %v, %v; want created", created, err)
	}
	again := &accolade.Image{ContentType: img.ContentType, Data: bytes.Clone(img.Data), Created: first.Add(time.Hour)}
	created, err = db.PutImage(again)
	if err != nil || created || !again.Created.Equal(first) {
		t.Errorf("PutImage(same bytes) = %v, %v, created %v; want the one image, created %v", created, err, again.Created, first)
	}
	got, err := db.Image(img.Hash())
	if err != nil || got.ContentType != img.ContentType || !bytes.Equal(got.Data, img.Data) || got.Width != 10 || got.Height != 20 || !got.Created.Equal(first) {
		t.Errorf("Image(%s) = %+v, %v; want %+v", img.Hash(), got, err, img)
	}
	for _, hash := range []string{"0000000000000000000000000000000000000000000000000000000000000000", "../x", ""} {
		if _, err := db.Image(hash); errs.KindOf(err) != errs.NotFound {
			t.Errorf("Image(%q) = %v, want NotFound", hash, err)
		}
	}
}

// TestImagesInMainData: a file written before images has the bucket once
// opened.
func TestImagesInMainData(t *testing.T) {
	pgtest.SkipOnPostgres(t, "upgrades a bbolt file of an old schema")
	db, err := store.Open(CopyMainData(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	img := &accolade.Image{ContentType: accolade.ImagePNG, Data: []byte("png"), Created: time.Now()}
	if _, err := db.PutImage(img); err != nil {
		t.Fatalf("PutImage on the upgraded main data: %v", err)
	}
}
