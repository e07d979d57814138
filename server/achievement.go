package server

import (
	"bytes"
	"mime"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/templates"
)

// achievementRoutes registers the admin API's achievement endpoints.
func (s *Server) achievementRoutes(m *routeMux) {
	m.HandleFunc("GET /api/v1/achievements", s.allow(accolade.ScopeRead, s.listAchievements))
	m.HandleFunc("POST /api/v1/achievements", s.allow(accolade.ScopeAchievementsWrite, s.loadAchievements))
	m.HandleFunc(routeDryRun, s.allow(accolade.ScopeAchievementsWrite, s.dryRunAchievement))
	m.HandleFunc("PUT /api/v1/achievements/{id}", s.allow(accolade.ScopeAchievementsWrite, s.putAchievement))
	m.HandleFunc("DELETE /api/v1/achievements/{id}", s.allow(accolade.ScopeAchievementsWrite, s.deleteAchievement))
	m.HandleFunc("POST /api/v1/achievements/{id}/{action}", s.allow(accolade.ScopeAchievementsWrite, s.publishAchievement))
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
		if f.Image != "" {
			hash, ext, ok := s.urls.ImageOf(f.Image)
			if !ok {
				return errs.Field("files["+strconv.Itoa(i)+"].image", "%q is not an image of this service: upload it with POST /api/v1/images first", f.Image)
			}
			if img, err := s.store.Image(hash); err != nil || img.Ext() != ext {
				return errs.Field("files["+strconv.Itoa(i)+"].image", "there is no image %s.%s: upload it with POST /api/v1/images first", hash, ext)
			}
			a.Image = f.Image
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
	p := principalOf(r)
	for _, a := range achs { // in id order
		if a.ID <= q.Get("after") || !matches(a, words) || p != nil && !p.mayActFor(issuerSlug(a.Issuer)) {
			continue // another community's achievements are not this token's to read
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
	j := issuer.AchievementJSON(s.urls, a)
	if err := s.endorseAchievement(&j); err != nil { // endorsement.go
		return err
	}
	return s.writeLD(w, r, j)
}

func (s *Server) achievementPage(w http.ResponseWriter, r *http.Request, a *criteria.Achievement) error {
	j := issuer.AchievementJSON(s.urls, a)
	site := s.site(r)
	d := a.Definition().In(site.Lang()) // in the page's language, when the achievement has it
	v := templates.AchievementPage{
		Site: site, Name: d.Name, Description: d.Description, CriteriaNarrative: d.Narrative,
		AchievementType: a.AchievementType, ImageURL: s.badgeURL(a, accolade.FormSVG), ID: j.ID, ValidFor: validFor(site, a.ValidFor),
		PreviewURL: s.badgeURL(a, accolade.FormPNG),
	}
	for _, skill := range ruleSkills(a.Criteria.Rule, nil) {
		v.Skills = append(v.Skills, templates.Link{Name: skill})
	}
	slug := a.Issuer
	if slug == "" {
		slug = accolade.DefaultSlug
	}
	if p, err := s.store.Issuer(slug); err == nil {
		v.IssuerName, v.IssuerURL = p.Name, s.urls.Issuer(slug)
	}
	unpublished, err := s.store.Unpublished()
	if err != nil {
		return err
	}
	if !unpublished[a.ID] {
		if v.Holders, v.Others, err = s.holders(a.ID, unpublished); err != nil {
			return err
		}
	}
	if v.Endorsements, err = s.pageEndorsements(j.ID); err != nil { // endorsement.go
		return err
	}
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.Achievement(b, v) })
}

// holdersShown is how many holders an achievement page names at most.
const holdersShown = 24

// holders lists the holders of valid credentials of an achievement who
// chose to be listed, newest first, and counts the others.
func (s *Server) holders(id string, unpublished map[string]bool) ([]templates.CredentialSummary, int, error) {
	recs, err := s.store.Credentials(accolade.CredentialFilter{Achievement: id})
	if err != nil {
		return nil, 0, err
	}
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].ValidFrom.After(recs[j].ValidFrom) })
	var out []templates.CredentialSummary
	others := 0
	seen := map[string]bool{}
	for _, rec := range recs {
		if seen[rec.Member] || !s.listable(rec, unpublished) {
			continue
		}
		seen[rec.Member] = true
		if c, listed := s.summary(rec); listed && len(out) < holdersShown {
			out = append(out, c)
		} else {
			others++
		}
	}
	return out, others, nil
}

// ruleSkills appends the skills a rule asks for, each once, in order.
func ruleSkills(r *criteria.Rule, out []string) []string {
	if r == nil {
		return out
	}
	add := func(s string) {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if r.Exchanges != nil {
		for _, s := range r.Exchanges.Skill {
			add(s)
		}
	}
	if r.Attestations != nil {
		add(r.Attestations.Skill)
	}
	for _, sub := range append(slices.Clone(r.All), r.Any...) {
		out = ruleSkills(sub, out)
	}
	return out
}

// validFor says in words, in the page's language, how long a credential
// stays valid: "2 years", "90 days"; "" when it does not expire.
func validFor(site templates.Site, d time.Duration) string {
	const day = 24 * time.Hour
	switch {
	case d <= 0:
		return ""
	case d%(365*day) == 0:
		return site.N("public.duration.years", int64(d/(365*day)))
	case d%day == 0:
		return site.N("public.duration.days", int64(d/day))
	}
	return d.String()
}

// sortByName sorts achievements by name, ignoring case, for public lists.
func sortByName(achs []*criteria.Achievement) {
	slices.SortStableFunc(achs, func(a, b *criteria.Achievement) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
}
