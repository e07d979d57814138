package templates

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// conflictMarker is a line git writes into a file it could not merge.
var conflictMarker = regexp.MustCompile(`(?m)^(<<<<<<< |>>>>>>> |=======$)`)

// TestNoMergeConflictMarkers: a page or mail with a leftover merge
// conflict still renders (the markers are text), so nothing else catches
// it before a member sees it.
func TestNoMergeConflictMarkers(t *testing.T) {
	for _, dir := range []string{"html", "mail", "static"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if loc := conflictMarker.FindIndex(b); loc != nil {
				t.Errorf("%s has a merge conflict marker: %q", path, b[loc[0]:loc[1]])
			}
			return nil
		})
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
}
