package templates_test

import (
	"bytes"
	"context"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/i18n"
	"github.com/accolade-badges/accolade/templates"
)

var (
	screenshots = flag.String("screenshots", "",
		"write each page as HTML to this directory and, if chromium is installed, a screenshot at 1366 and 390 pixels wide")
	screenshotLangs = flag.String("screenshot-langs", "en,ar", "the languages of the screenshots, comma-separated")
)

// TestScreenshots is for looking at the pages:
//
//	go test ./templates/ -run Screenshots -screenshots /tmp/pages -screenshot-langs en,ar
//
// Files are named <page>-<lang>.html and <page>-<lang>-<width>.png.
// It serves the rendered pages and the static files on a loopback address
// and points headless Chromium at them. Without the flag it only renders.
func TestScreenshots(t *testing.T) {
	r := mustNew(t)
	dir := *screenshots
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(r.Static())))
	// The sample pages' badges and logos are the default badge.
	badge := func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Content-Type", "image/svg+xml")
		http.ServeFileFS(w, req, r.Static(), "badge.svg")
	}
	mux.HandleFunc("GET /achievements/", badge)
	mux.HandleFunc("GET /issuers/", badge)
	var names []string
	for _, lang := range strings.Split(*screenshotLangs, ",") {
		loc := i18n.Default().Match(lang)
		for _, p := range allPages(func(s *templates.Site) { s.BaseURL, s.L = "", loc }) {
			var b bytes.Buffer
			if err := p.render(r, &b); err != nil {
				t.Fatalf("rendering %s page: %v", p.name, err)
			}
			name := p.name + "-" + loc.Lang()
			if err := os.WriteFile(filepath.Join(dir, name+".html"), b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			mux.HandleFunc("GET /"+name, func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.Write(b.Bytes())
			})
			names = append(names, name)
		}
	}
	chromium, err := exec.LookPath("chromium")
	if *screenshots == "" || err != nil {
		return
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()
	for _, name := range names {
		for _, width := range []string{"1366", "390"} {
			out := filepath.Join(dir, name+"-"+width+".png")
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu",
				"--hide-scrollbars", "--window-size="+width+",1600", "--screenshot="+out, srv.URL+"/"+name)
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("chromium %s: %v\n%s", name, err, b)
			}
			cancel()
		}
	}
	t.Logf("pages and screenshots in %s", dir)
}
