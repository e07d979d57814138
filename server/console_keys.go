package server

import (
	"bytes"
	"errors"
	"github.com/accolade-badges/accolade"
	"net/http"

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/templates"
)

// The console's keys page, /console/{slug}/keys: the community's signing
// keys, rotating them and removing a retired one, as the admin API's
// rotateKeys and removeKey do (rotate, deleteKey).

func init() {
	consoleRoutesList = append(consoleRoutesList,
		consoleRoute{"GET /console/{slug}/keys", func(s *Server) consoleHandler { return s.consoleKeys }},
		consoleRoute{"POST /console/{slug}/keys/rotate", func(s *Server) consoleHandler { return s.consoleRotateKeys }},
		consoleRoute{"POST /console/{slug}/keys/{id}/remove", func(s *Server) consoleHandler { return s.consoleRemoveKey }})
	consoleNav = append(consoleNav, consoleNavItem{"/keys", func(t func(string, ...any) string) string { return catalogueLookup(t).T("console.nav.keys") }})
	consoleDone["rotated"] = func(t func(string, ...any) string) string { return catalogueLookup(t).T("console.done.rotated") }
	consoleDone["keyRemoved"] = func(t func(string, ...any) string) string { return catalogueLookup(t).T("console.done.keyRemoved") }
}

func (s *Server) consoleKeys(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	return s.renderConsoleKeys(w, r, c, http.StatusOK, nil)
}

func (s *Server) renderConsoleKeys(w http.ResponseWriter, r *http.Request, c *coordinator, status int, fe *templates.FormError) error {
	signed, err := s.signedBy()
	if err != nil {
		return err
	}
	base := "/console/" + c.Issuer.Slug + "/keys"
	v := templates.ConsoleKeysPage{ConsolePage: s.consolePage(r, c, "/keys"), RotateURL: s.localPath(base + "/rotate"), Err: fe}
	if c.Issuer.IDMode == accolade.IDDIDKey {
		v.DIDKey = c.Issuer.DIDKey
	}
	for _, k := range s.keys.Public(c.Issuer.Slug) {
		v.Keys = append(v.Keys, templates.ConsoleKey{ID: k.ID, Alg: string(k.Alg), Active: k.Active(), Created: k.Created,
			Retired: k.Retired, Signed: signed[k.ID], RemoveURL: s.localPath(base + "/" + k.ID + "/remove")})
	}
	return renderPage(w, status, func(b *bytes.Buffer) error { return s.pages.Console(b, "console-keys", v) })
}

func (s *Server) consoleRotateKeys(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	if _, err := s.rotate(c.Issuer); err != nil {
		return err
	}
	return s.done(w, r, "/console/"+c.Issuer.Slug+"/keys", "rotated")
}

// consoleRemoveKey removes a retired key of the community; without the
// force box it is refused when credentials it signed would stop verifying.
func (s *Server) consoleRemoveKey(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	p, k, err := s.issuerKey(r)
	if err != nil {
		return errs.E(errs.NotFound, "There is no page at %s.", shortPath(r))
	}
	if _, err := s.deleteKey(p, k, r.PostFormValue("force") == "true"); err != nil {
		refused := err
		fe, err := formError(err, func(string) string { return "" })
		if err != nil {
			return err
		}
		fe.Field = k.ID
		l := s.locale(r)
		switch {
		case errors.Is(refused, keys.ErrRetiredKeyVerifies):
			signed, err := s.signedBy()
			if err != nil {
				return err
			}
			fe.Message = l.N("console.keys.errVerifies", signed[k.ID])
		case errors.Is(refused, keys.ErrActiveKey):
			fe.Message = catalogueLookup(l.T).T("console.keys.errActive")
		}
		return s.renderConsoleKeys(w, r, c, http.StatusUnprocessableEntity, fe)
	}
	return s.done(w, r, "/console/"+c.Issuer.Slug+"/keys", "keyRemoved")
}
