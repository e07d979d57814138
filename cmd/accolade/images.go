package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"

	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/badgeimage"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
)

// achievementImage sets an achievement's image from a file.
func (m *Main) achievementImage(ctx context.Context, id, file string) error {
	return m.putImage(ctx, "/api/v1/achievements/"+url.PathEscape(id)+"/image", "image of "+id, file)
}

// putImage checks the image in file and uploads it to path.
func (m *Main) putImage(ctx context.Context, path, what, file string) error {
	img, err := readImage(file)
	if err != nil {
		return err
	}
	defer m.Close()
	c, mode, err := m.api()
	if err != nil {
		return err
	}
	out, err := uploadImage(ctx, c, "PUT", path, img)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	fmt.Fprintf(m.Stdout, "%s set from %s: %s\n", what, file, out.URL)
	fmt.Fprintf(m.Stderr, "(%s)\n", mode)
	return nil
}

// imageFile is an image read from a file and checked as the server will
// check it.
type imageFile struct {
	path        string
	contentType string
	data        []byte
}

// readImage reads and checks an image file: errors name the file.
func readImage(path string) (*imageFile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, usagef("%v", err)
	}
	img, err := badgeimage.Check("", b)
	if err != nil {
		return nil, &errs.Error{Kind: errs.KindOf(err), Msg: path + ": " + err.Error()}
	}
	return &imageFile{path: path, contentType: img.ContentType, data: b}, nil
}

func uploadImage(ctx context.Context, c *client, method, path string, img *imageFile) (api.Image, error) {
	var out api.Image
	err := c.do(ctx, method, path, img.contentType, img.data, &out)
	return out, err
}

// achievementImageFile reads the image file an achievement file names
// ("image: badge.svg", relative to the achievement file) and checks it; nil
// when the image is a URL or absent. A missing or refused image is a
// *criteria.FileError naming the achievement file, the line and the field.
func achievementImageFile(file string, a *criteria.Achievement) (*imageFile, error) {
	rel, line, ok := a.ImageFile()
	if !ok {
		return nil, nil
	}
	path := rel
	if !filepath.IsAbs(rel) {
		path = filepath.Join(filepath.Dir(file), rel)
	}
	fail := func(format string, args ...any) error {
		return &criteria.FileError{File: file, Line: line, Field: "image", Msg: fmt.Sprintf(format, args...)}
	}
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fail("there is no image file %s (%s): give a PNG or SVG file next to the achievement file, or an https URL", rel, path)
	case err != nil:
		return nil, fail("reading %s: %v", rel, err)
	}
	img, err := badgeimage.Check("", b)
	if err != nil {
		return nil, fail("%s: %v", rel, err)
	}
	return &imageFile{path: path, contentType: img.ContentType, data: b}, nil
}
