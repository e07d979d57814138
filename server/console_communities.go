package server

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/templates"
)

// The console's communities page, /console/default/communities: the
// install's communities, and creating another. The coordinators of the
// default community are the install's owners: they, and only they, create
// communities (the page of any other community does not exist). A new
// community is made as POST /api/v1/issuers makes it (createIssuer), with
// its first coordinators; coordinating it is a role and does not make them
// its members.

func init() {
	consoleRoutesList = append(consoleRoutesList,
		consoleRoute{"GET /console/{slug}/communities", func(s *Server) consoleHandler { return s.consoleCommunities }},
		consoleRoute{"POST /console/{slug}/communities", func(s *Server) consoleHandler { return s.consoleCreateCommunity }})
	consoleNav = append(consoleNav, consoleNavItem{"/communities", func(t func(string, ...any) string) string {
		return catalogueLookup(t).T("console.communities.nav")
	}})
	consoleNavOnly["/communities"] = accolade.DefaultSlug
	consoleDone["created"] = func(t func(string, ...any) string) string { return catalogueLookup(t).T("console.communities.created") }
}

func (s *Server) consoleCommunities(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	if c.Issuer.Slug != accolade.DefaultSlug {
		return errs.E(errs.NotFound, "There is no page at %s.", shortPath(r))
	}
	v := templates.ConsoleCommunitiesPage{Alg: string(keys.RS256), Coordinators: c.Member.ID}
	if s.offersDIDWeb() {
		v.IDMode = string(accolade.IDDIDWeb)
	} else {
		v.IDMode = string(accolade.IDURL)
	}
	return s.renderConsoleCommunities(w, r, c, http.StatusOK, v)
}

func (s *Server) renderConsoleCommunities(w http.ResponseWriter, r *http.Request, c *coordinator, status int, v templates.ConsoleCommunitiesPage) error {
	issuers, err := s.store.Issuers()
	if err != nil {
		return err
	}
	v.ConsolePage = s.consolePage(r, c, "/communities")
	v.Action = s.localPath("/console/" + c.Issuer.Slug + "/communities")
	for _, p := range issuers {
		cc := templates.ConsoleCommunity{Slug: p.Slug, Name: p.Name, PublicURL: s.localPath("/issuers/" + p.Slug)}
		if slices.Contains(p.Coordinators, c.Member.ID) {
			cc.ConsoleURL = s.localPath("/console/" + p.Slug)
		}
		v.Communities = append(v.Communities, cc)
	}
	l := catalogueLookup(v.Site.Locale().T)
	for _, a := range []keys.Algorithm{keys.RS256, keys.EdDSA, keys.ES256} {
		v.Algs = append(v.Algs, templates.MemberOption{ID: string(a), Label: string(a)})
	}
	if s.offersDIDWeb() {
		v.IDModes = append(v.IDModes, templates.MemberOption{ID: string(accolade.IDDIDWeb), Label: l.T("console.communities.didWeb")})
	} else {
		v.DIDWebImpossible = true
	}
	v.IDModes = append(v.IDModes, templates.MemberOption{ID: string(accolade.IDDIDKey), Label: l.T("console.communities.didKey")},
		templates.MemberOption{ID: string(accolade.IDURL), Label: l.T("console.communities.profileURL")})
	return renderPage(w, status, func(b *bytes.Buffer) error { return s.pages.Console(b, "console-communities", v) })
}

// consoleCreateCommunity creates the community of the form. A refused one
// shows the form as sent with the error next to its field, in the owner's
// words, and nothing is created.
func (s *Server) consoleCreateCommunity(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	if c.Issuer.Slug != accolade.DefaultSlug {
		return errs.E(errs.NotFound, "There is no page at %s.", shortPath(r))
	}
	v := templates.ConsoleCommunitiesPage{Slug: strings.TrimSpace(r.PostFormValue("slug")), Name: strings.TrimSpace(r.PostFormValue("name")),
		URL: strings.TrimSpace(r.PostFormValue("url")), Email: strings.TrimSpace(r.PostFormValue("email")),
		Lang: strings.TrimSpace(r.PostFormValue("lang")), Alg: r.PostFormValue("alg"), IDMode: r.PostFormValue("idMode"),
		Coordinators: r.PostFormValue("coordinators")}
	l := catalogueLookup(s.locale(r).T)
	var coordinators []string
	for _, line := range strings.Split(v.Coordinators, "\n") {
		if id := strings.TrimSpace(line); id != "" {
			coordinators = append(coordinators, id)
		}
	}
	var err error
	switch {
	case v.IDMode == string(accolade.IDDIDWeb) && !s.offersDIDWeb():
		err = errs.Field("idMode", "%s", l.T("console.communities.errIDMode"))
	case len(coordinators) == 0:
		err = errs.Field("coordinators", "%s", l.T("console.communities.errNoCoordinator"))
	default:
		var p *accolade.Profile
		p, err = s.createIssuer(api.IssuerCreate{Slug: v.Slug, Name: v.Name, URL: v.URL, Email: v.Email,
			Lang: v.Lang, Alg: v.Alg, IDMode: v.IDMode}, coordinators)
		if err == nil {
			if c.audit != nil {
				c.audit.Target = strings.TrimSpace(c.audit.Target + " created=" + p.Slug)
			}
			return s.done(w, r, "/console/"+p.Slug+"/settings", "created")
		}
	}
	refused := err
	if v.Err, err = formError(err, fieldRoot); err != nil {
		return err
	}
	if errs.KindOf(refused) == errs.Conflict {
		v.Err.Field = "slug"
	}
	if m := communityError(l, refused, v, coordinators); m != "" {
		v.Err.Message = m
	}
	return s.renderConsoleCommunities(w, r, c, http.StatusUnprocessableEntity, v)
}

// communityError is the refusal err of the form in the owner's words ("":
// keep err's own message).
func communityError(l catalogueLookup, err error, v templates.ConsoleCommunitiesPage, coordinators []string) string {
	if errs.KindOf(err) == errs.Conflict {
		return l.T("console.communities.errSlugTaken", "Slug", v.Slug)
	}
	field := errs.FieldOf(err)
	switch field {
	case "slug":
		return l.T("console.communities.errSlug")
	case "name":
		return l.T("console.communities.errName")
	case "url":
		return l.T("console.communities.errURL")
	case "lang":
		return l.T("console.communities.errLang")
	case "alg":
		if v.IDMode == string(accolade.IDDIDKey) && keys.Algorithm(v.Alg).Valid() {
			return l.T("console.communities.errDIDKeyAlg")
		}
		return l.T("console.communities.errAlg")
	case "idMode":
		return l.T("console.communities.errIDMode")
	}
	var i int
	if _, err := fmt.Sscanf(field, "coordinators[%d]", &i); err == nil && i >= 0 && i < len(coordinators) {
		if slices.Index(coordinators, coordinators[i]) < i {
			return l.T("console.communities.errCoordinatorTwice", "ID", coordinators[i])
		}
		return l.T("console.communities.errCoordinator", "ID", coordinators[i])
	}
	return ""
}

// offersDIDWeb reports whether the form offers did:web ids: only on an
// https base URL, where the id is did:web when none is chosen
// (accolade.IDAuto), and a verifier can resolve it.
func (s *Server) offersDIDWeb() bool {
	if !strings.HasPrefix(s.urls.Base, "https://") {
		return false
	}
	_, err := s.urls.DIDWeb(accolade.DefaultSlug)
	return err == nil
}
