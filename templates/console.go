package templates

import (
	"fmt"
	"io"
	"slices"
)

// This file holds the coordinator console under /console: the pages a
// community's coordinators use to run it. Each page embeds ConsolePage.

// consolePages are the console page templates, html/console-*.html. A
// file adding console pages appends their names here and their empty views
// to consoleSmoke in an init (New reads both after every init ran).
var consolePages = []string{"console-index"}

// consoleSmoke is empty data for each console page, rendered once by New.
var consoleSmoke = map[string]any{"console-index": ConsoleIndexPage{}}

// ConsolePage is what every console page has: the site, the community
// (issuer) it is about, the console navigation and the message of the
// action just done.
type ConsolePage struct {
	Site
	IssuerSlug, IssuerName string
	Nav                    []NavLink
	// Done is the success message of the POST that redirected here, in
	// words; empty: none.
	Done string
}

// ConsoleIndexPage is /console: the communities the signed-in member
// coordinates.
type ConsoleIndexPage struct {
	Site
	Communities []Link
	// CreateURL is the page creating a community, for the install's
	// owners (the default community's coordinators); empty: not an owner.
	CreateURL string
}

// Console renders a console page: name is its template (one of
// consolePages) and v its view, which embeds ConsolePage or is a
// ConsoleIndexPage.
func (r *Renderer) Console(w io.Writer, name string, v any) error {
	if !isConsolePage(name) {
		return fmt.Errorf("no console page %q", name)
	}
	return r.render(w, name, v)
}

func isConsolePage(name string) bool { return slices.Contains(consolePages, name) }
