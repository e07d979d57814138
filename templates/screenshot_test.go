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
	"testing"
	"time"

	"github.com/accolade-badges/accolade/templates"
)

var screenshots = flag.String("screenshots", "",
	"write each page as HTML to this directory and, if chromium is installed, a screenshot at 1024 and 320 pixels wide")

// TestScreenshots is for looking at the pages:
//
//	go test ./templates/ -run Screenshots -screenshots /tmp/pages
//
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
	for _, p := range allPages(func(s *templates.Site) { s.BaseURL = "" }) {
		var b bytes.Buffer
		if err := p.render(r, &b); err != nil {
			t.Fatalf("rendering %s page: %v", p.name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, p.name+".html"), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		mux.HandleFunc("GET /"+p.name, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(b.Bytes())
		})
	}
	chromium, err := exec.LookPath("chromium")
	if *screenshots == "" || err != nil {
		return
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()
	for _, p := range allPages(func(*templates.Site) {}) {
		for _, width := range []string{"1024", "320"} {
			out := filepath.Join(dir, p.name+"-"+width+".png")
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu",
				"--hide-scrollbars", "--window-size="+width+",1600", "--screenshot="+out, srv.URL+"/"+p.name)
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("chromium %s: %v\n%s", p.name, err, b)
			}
			cancel()
		}
	}
	t.Logf("pages and screenshots in %s", dir)
}
