package importrules_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
)

const module = "github.com/accolade-badges/accolade"

// pkg is what go list -json says of a package.
type pkg struct {
	ImportPath string
	Standard   bool
	Imports    []string
	Deps       []string
}

// graph lists the module's packages and everything they depend on,
// without tests, by import path.
func graph(t *testing.T) map[string]*pkg {
	t.Helper()
	all, err := listOnce()
	var noGo *exec.Error
	if errors.As(err, &noGo) {
		t.Skipf("the go command is needed to list imports: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if all[module+"/store"] == nil || all[module+"/server"] == nil {
		t.Fatalf("go list did not list store and server; got %d packages", len(all))
	}
	return all
}

var listOnce = sync.OnceValues(func() (map[string]*pkg, error) {
	cmd := exec.Command("go", "list", "-deps", "-json", module+"/...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -deps -json: %w\n%s", err, stderr.Bytes())
	}
	all := map[string]*pkg{}
	for d := json.NewDecoder(bytes.NewReader(out)); ; {
		var p pkg
		if err := d.Decode(&p); errors.Is(err, io.EOF) {
			return all, nil
		} else if err != nil {
			return nil, fmt.Errorf("reading go list output: %w", err)
		}
		all[p.ImportPath] = &p
	}
})

func ours(path string) bool { return path == module || strings.HasPrefix(path, module+"/") }

func short(path string) string {
	if path == module {
		return "accolade"
	}
	return strings.TrimPrefix(path, module+"/")
}

// ownDeps returns p and this module's packages p depends on.
func ownDeps(all map[string]*pkg, p *pkg) []*pkg {
	out := []*pkg{p}
	for _, d := range p.Deps {
		if ours(d) {
			out = append(out, all[d])
		}
	}
	return out
}

func TestBboltOnlyInStore(t *testing.T) {
	for _, p := range graph(t) {
		if !ours(p.ImportPath) || p.ImportPath == module+"/store" {
			continue
		}
		for _, imp := range p.Imports {
			if imp == "go.etcd.io/bbolt" || strings.HasPrefix(imp, "go.etcd.io/bbolt/") {
				t.Errorf("%s imports %s: only store may", short(p.ImportPath), imp)
			}
		}
	}
}

// TestDomainHasNoHTTP checks that no domain package imports net/http,
// itself or through another package of this module. (A third-party
// package may: json-gold's document loader brings net/http into
// dataintegrity's dependencies, and dataintegrity never uses it: its
// contexts are embedded.)
func TestDomainHasNoHTTP(t *testing.T) {
	all := graph(t)
	domain := []string{"", "errs", "ob3", "ledger", "criteria", "keys", "issuer", "award", "dataintegrity", "bake", "api",
		"typeset", "certificate", "badgeimage", "qr"}
	for _, name := range domain {
		path := module
		if name != "" {
			path += "/" + name
		}
		p := all[path]
		if p == nil {
			if name != "" {
				t.Errorf("package %s is gone: update this rule", name)
			}
			continue // the root package does not exist yet
		}
		for _, d := range ownDeps(all, p) {
			for _, imp := range d.Imports {
				if imp == "net/http" || strings.HasPrefix(imp, "net/http/") {
					how := ""
					if d != p {
						how = " through " + short(d.ImportPath)
					}
					t.Errorf("%s imports %s%s: the domain has no HTTP in it", short(p.ImportPath), imp, how)
				}
			}
		}
	}
}

// TestStandardLibraryOnly keeps a few packages light: the standard library
// and the packages named here (with what those depend on). templates takes
// its words from i18n, and so, through it, from go-i18n and x/text.
func TestStandardLibraryOnly(t *testing.T) {
	all := graph(t)
	for name, allowed := range map[string][]string{
		"templates": {module + "/i18n"},
		"api":       nil,
		"bake":      {module + "/errs"},
	} {
		p := all[module+"/"+name]
		if p == nil {
			t.Errorf("package %s is gone: update this rule", name)
			continue
		}
		ok := slices.Clone(allowed)
		for _, a := range allowed {
			if ap := all[a]; ap != nil {
				ok = append(ok, ap.Deps...)
			}
		}
		for _, d := range p.Deps {
			if dp := all[d]; dp != nil && !dp.Standard && !slices.Contains(ok, d) {
				t.Errorf("%s depends on %s: it may use the standard library only%s", name, d,
					map[bool]string{true: " and " + strings.Join(allowed, ", "), false: ""}[len(allowed) > 0])
			}
		}
	}
}

func TestAdaptersApart(t *testing.T) {
	all := graph(t)
	server, store := module+"/server", module+"/store"
	if slices.Contains(all[server].Deps, store) {
		t.Errorf("server depends on store: adapters never import each other (pass the store in as server.Store)")
	}
	if slices.Contains(all[store].Deps, server) {
		t.Errorf("store depends on server: adapters never import each other")
	}
	for _, p := range all {
		if ours(p.ImportPath) && !strings.HasPrefix(p.ImportPath, module+"/cmd/") && slices.Contains(p.Imports, server) {
			t.Errorf("%s imports server: only cmd may", short(p.ImportPath))
		}
	}
}

func TestTestutilInTestsOnly(t *testing.T) {
	testutil := module + "/internal/testutil"
	for _, p := range graph(t) {
		if ours(p.ImportPath) && slices.Contains(p.Imports, testutil) {
			t.Errorf("%s imports internal/testutil: only tests may", short(p.ImportPath))
		}
	}
}

// TestRenderersApart checks that what draws certificates and badges and
// reads QR codes stays out of the storage and HTTP layers and of each
// other's concerns: typeset depends on no package of this module;
// certificate only on typeset and errs (it is handed plain values, not
// credentials or stores); qr only on errs.
func TestRenderersApart(t *testing.T) {
	all := graph(t)
	for name, allowed := range map[string][]string{
		"typeset":     nil,
		"certificate": {"typeset", "errs"},
		"qr":          {"errs"},
	} {
		p := all[module+"/"+name]
		if p == nil {
			t.Errorf("package %s is gone: update this rule", name)
			continue
		}
		for _, d := range p.Deps {
			if ours(d) && !slices.Contains(allowed, short(d)) {
				t.Errorf("%s depends on %s: it may use only %v of this module", name, short(d), allowed)
			}
		}
	}
}
