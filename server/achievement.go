package server

import (
	"bytes"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/templates"
)

// achievementRoutes registers the admin API's achievement endpoints.
func (s *Server) achievementRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /api/v1/achievements", s.admin(s.listAchievements))
	m.HandleFunc("POST /api/v1/achievements", s.admin(s.loadAchievements))
	m.HandleFunc("PUT /api/v1/achievements/{id}", s.admin(s.putAchievement))
	m.HandleFunc("DELETE /api/v1/achievements/{id}", s.admin(s.deleteAchievement))
	m.HandleFunc("POST /api/v1/achievements/{id}/{action}", s.admin(s.publishAchievement))
}

// putAchievement creates or replaces an achievement from a JSON or YAML
// achievement file. The achievements it refers to must exist.
func (s *Server) putAchievement(w http.ResponseWriter, r *http.Request) error {
	id := pathID(r, "id")
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "", "application/json", "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain":
	default:
		return errs.E(errs.Invalid, "Content-Type %q is not accepted: send the achievement as application/json or application/yaml", ct)
	}
	body, err := readBody(w, r, maxAdminBody)
	if err != nil {
		return err
	}
	a, err := criteria.ParseAchievement("request body", body)
	if err != nil {
		return err
	}
	if a.ID != id {
		return errs.Field("id", "%q in the body does not match %q in the URL", a.ID, id)
	}
	_, err = s.store.Achievement(id)
	created := errs.KindOf(err) == errs.NotFound
	if err != nil && !created {
		return err
	}
	if err := s.awards.LoadAchievements([]*criteria.Achievement{a}); err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	w.Header().Set("Location", s.urls.Achievement(id))
	s.writeJSON(w, r, status, "application/json", a)
	return nil
}

// loadAchievements loads several achievement files at once, all or none:
// they may refer to each other. Problems name the file and line.
func (s *Server) loadAchievements(w http.ResponseWriter, r *http.Request) error {
	var b api.AchievementFiles
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	if len(b.Files) == 0 {
		return errs.Field("files", "is required: a list of {name, content}")
	}
	batch := make([]*criteria.Achievement, 0, len(b.Files))
	for i, f := range b.Files {
		name := f.Name
		if name == "" {
			name = "files[" + strconv.Itoa(i) + "]"
		}
		a, err := criteria.ParseAchievement(name, []byte(f.Content))
		if err != nil {
			return err
		}
		batch = append(batch, a)
	}
	if err := s.awards.LoadAchievements(batch); err != nil {
		return err
	}
	unpublished, err := s.store.Unpublished()
	if err != nil {
		return err
	}
	out := api.AchievementList{Achievements: []api.Achievement{}}
	for _, a := range batch {
		out.Achievements = append(out.Achievements, s.achievementView(a, unpublished))
	}
	s.writeJSON(w, r, http.StatusOK, "application/json", out)
	return nil
}

// achievementView is an achievement as GET /api/v1/achievements lists it.
func (s *Server) achievementView(a *criteria.Achievement, unpublished map[string]bool) api.Achievement {
	return api.Achievement{
		ID: a.ID, Name: a.Name, Issuer: a.Issuer, URL: s.urls.Achievement(a.ID),
		Published: !unpublished[a.ID], Automatic: a.Criteria.Rule != nil || a.AwardOnApproval,
	}
}

// Page sizes of GET /api/v1/achievements.
const (
	defaultPageSize = 50
	maxPageSize     = 500
)

// listAchievements lists achievements in id order, published or not: limit
// (default 50, at most 500), after (the id to start after: next from the
// previous page) and q (words the name or id contains, ignoring case).
func (s *Server) listAchievements(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	for k := range q {
		if k != "limit" && k != "after" && k != "q" {
			return errs.Field(k, "is not a known query parameter: use limit, after and q")
		}
	}
	limit := defaultPageSize
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPageSize {
			return errs.Field("limit", "%q is not a whole number from 1 to %d", v, maxPageSize)
		}
		limit = n
	}
	achs, err := s.store.Achievements()
	if err != nil {
		return err
	}
	unpublished, err := s.store.Unpublished()
	if err != nil {
		return err
	}
	words := strings.Fields(strings.ToLower(q.Get("q")))
	out := api.AchievementList{Achievements: []api.Achievement{}}
	for _, a := range achs { // in id order
		if a.ID <= q.Get("after") || !matches(a, words) {
			continue
		}
		if len(out.Achievements) == limit {
			out.Next = out.Achievements[limit-1].ID
			break
		}
		out.Achievements = append(out.Achievements, s.achievementView(a, unpublished))
	}
	s.writeJSON(w, r, http.StatusOK, "application/json", out)
	return nil
}

// matches reports whether a's name or id contains every word.
func matches(a *criteria.Achievement, words []string) bool {
	text := strings.ToLower(a.Name + " " + a.ID)
	for _, w := range words {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}

// publishAchievement handles publish and unpublish.
func (s *Server) publishAchievement(w http.ResponseWriter, r *http.Request) error {
	var published bool
	switch pathID(r, "action") {
	case "publish":
		published = true
	case "unpublish":
	default:
		return errs.E(errs.NotFound, "no action %q: use publish or unpublish", pathID(r, "action"))
	}
	id := pathID(r, "id")
	if _, err := s.awards.SetPublished(id, published); err != nil {
		return err
	}
	a, err := s.store.Achievement(id)
	if err != nil {
		return err
	}
	unpublished, err := s.store.Unpublished()
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, "application/json", s.achievementView(a, unpublished))
	return nil
}

// deleteAchievement deletes an achievement no credential was issued for.
func (s *Server) deleteAchievement(w http.ResponseWriter, r *http.Request) error {
	if err := s.awards.DeleteAchievement(pathID(r, "id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// publishedAchievements returns the published achievements, for public
// lists (the home and issuer pages).
func (s *Server) publishedAchievements() ([]*criteria.Achievement, error) {
	achs, err := s.store.Achievements()
	if err != nil {
		return nil, err
	}
	unpublished, err := s.store.Unpublished()
	if err != nil {
		return nil, err
	}
	out := achs[:0]
	for _, a := range achs {
		if !unpublished[a.ID] {
			out = append(out, a)
		}
	}
	return out, nil
}

func (s *Server) getAchievement(w http.ResponseWriter, r *http.Request) error {
	a, err := s.store.Achievement(pathID(r, "id"))
	if err != nil {
		if wantsHTML(r) {
			return s.errorPage(w, r, err)
		}
		return err
	}
	if wantsHTML(r) {
		return s.achievementPage(w, r, a)
	}
	return s.writeLD(w, r, issuer.AchievementJSON(s.urls, a))
}

func (s *Server) achievementPage(w http.ResponseWriter, r *http.Request, a *criteria.Achievement) error {
	j := issuer.AchievementJSON(s.urls, a)
	v := templates.AchievementPage{
		Site: s.site(), Name: a.Name, Description: a.Description, CriteriaNarrative: a.Criteria.Narrative,
		AchievementType: a.AchievementType, ImageURL: j.ImageURL(), ID: j.ID,
	}
	slug := a.Issuer
	if slug == "" {
		slug = accolade.DefaultSlug
	}
	if p, err := s.store.Issuer(slug); err == nil {
		v.IssuerName, v.IssuerURL = p.Name, s.urls.Issuer(slug)
	}
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.Achievement(b, v) })
}
