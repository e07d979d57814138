package server

import (
	"bytes"
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/i18n"
	"github.com/accolade-badges/accolade/ledger"
	"github.com/accolade-badges/accolade/templates"
)

// memberExchanges is /account/exchanges: the member's exchanges, those
// awaiting their confirmation first, and the form to log one. A GET with
// form fields (the form's "find" button) fills the form in again.
func (s *Server) memberExchanges(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	return s.renderExchanges(w, r, m, http.StatusOK, exchangeInput(r.URL.Query()), nil)
}

// exchangeForm is the form's input as sent.
type exchangeForm struct {
	kind, title, skills, hours, date, role, find, community string
	with                                                    []string
}

func exchangeInput(v map[string][]string) exchangeForm {
	get := func(k string) string {
		if len(v[k]) > 0 {
			return strings.TrimSpace(v[k][0])
		}
		return ""
	}
	return exchangeForm{kind: get("kind"), title: get("title"), skills: get("skills"), hours: get("hours"),
		date: get("date"), role: get("role"), find: get("find"), community: get("community"), with: v["with"]}
}

func (s *Server) renderExchanges(w http.ResponseWriter, r *http.Request, m *accolade.Member, status int, in exchangeForm, ferr *templates.FormError) error {
	ma, err := s.members()
	if err != nil {
		return err
	}
	list, err := ma.MemberExchanges(m.ID)
	if err != nil {
		return err
	}
	v := templates.MemberExchangesPage{MemberPage: s.memberPage(r, m, "/account/exchanges")}
	l := v.Site.Locale()
	names := s.memberNames()
	for _, e := range list {
		v.Exchanges = append(v.Exchanges, s.exchangeView(l, e, m.ID, names))
	}
	f := templates.ExchangeForm{Action: s.localPath("/account/exchanges"), Title: in.title, Skills: in.skills,
		Hours: in.hours, Date: in.date, Taught: in.role != "learned", With: in.with, Find: in.find,
		FindURL: s.localPath("/account/exchanges"), MaxDate: s.now().UTC().Format(time.DateOnly), Err: ferr}
	if f.Date == "" {
		f.Date = f.MaxDate
	}
	if f.Hours == "" {
		f.Hours = "1"
	}
	for _, k := range ledger.ExchangeKinds {
		f.Kinds = append(f.Kinds, templates.MemberOption{ID: string(k), Label: kindLabel(l, k), Selected: string(k) == in.kind})
	}
	for _, slug := range m.CommunitySlugs() {
		name := slug
		if p, err := s.store.Issuer(slug); err == nil {
			name = p.Name
		}
		f.Communities = append(f.Communities, templates.MemberOption{ID: slug, Label: name, Selected: slug == in.community})
	}
	if f.Members, f.MoreShown, err = s.memberOptions(m, in.community, in.find, in.with); err != nil {
		return err
	}
	v.Form = f
	return renderPage(w, status, func(b *bytes.Buffer) error { return s.pages.MemberExchanges(b, v) })
}

// memberLogExchange logs an exchange from the form; on a mistake the form
// comes back with the member's input and the message next to the field.
func (s *Server) memberLogExchange(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	ma, err := s.members()
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return errs.Wrap(errs.Invalid, err, "reading the form")
	}
	in := exchangeInput(r.PostForm)
	e, ferr := s.parseExchange(s.locale(r), m, in)
	if ferr == nil {
		_, err := ma.LogExchange(r.Context(), m.ID, e)
		if err == nil {
			return s.done(w, r, "/account/exchanges", "logged")
		}
		if ferr, err = formError(err, exchangeField); err != nil {
			return err
		}
	}
	return s.renderExchanges(w, r, m, http.StatusUnprocessableEntity, in, ferr)
}

// parseExchange builds the exchange the form describes, with m as teacher
// or learner, in the community chosen (one of m's; the first when none
// is); the domain validates the rest.
func (s *Server) parseExchange(l *i18n.Locale, m *accolade.Member, in exchangeForm) (*ledger.Exchange, *templates.FormError) {
	member := m.ID
	community := cmp.Or(in.community, m.CommunitySlugs()[0])
	if !m.In(community) {
		return nil, &templates.FormError{Field: "community", Message: l.T("member.form.community")}
	}
	hours, err := strconv.ParseFloat(strings.Replace(in.hours, ",", ".", 1), 64)
	if err != nil {
		return nil, &templates.FormError{Field: "hours", Message: l.T("member.form.hours")}
	}
	day, err := time.Parse(time.DateOnly, in.date)
	if err != nil {
		return nil, &templates.FormError{Field: "date", Message: l.T("member.form.date")}
	}
	if now := s.now(); day.After(now) && day.Sub(now) < 24*time.Hour {
		day = now.UTC() // today where the member is, already tomorrow in UTC
	}
	var with []string
	for _, id := range in.with {
		if id != member && !slices.Contains(with, id) {
			with = append(with, id)
		}
	}
	if len(with) == 0 {
		return nil, &templates.FormError{Field: "with", Message: l.T("member.form.with")}
	}
	var skills []string
	for _, t := range strings.FieldsFunc(in.skills, func(r rune) bool { return r == ',' || r == '،' || r == '，' }) {
		if t = strings.ToLower(strings.TrimSpace(t)); t != "" {
			skills = append(skills, t)
		}
	}
	e := &ledger.Exchange{Kind: ledger.ExchangeKind(in.kind), Title: in.title, Skills: skills, Hours: hours, OccurredAt: day,
		Community: ledger.StoredCommunity(community)}
	if in.role == "learned" {
		e.Teachers, e.Learners = with, []string{member}
	} else {
		e.Teachers, e.Learners = []string{member}, with
	}
	return e, nil
}

// exchangeField is the form field of an exchange's JSON field.
func exchangeField(f string) string {
	switch root := fieldRoot(f); root {
	case "kind", "title", "skills", "hours":
		return root
	case "occurredAt":
		return "date"
	case "teachers", "learners":
		return "with"
	}
	return ""
}

// memberExchange is /account/exchanges/{id}, for its participants only:
// to anyone else it does not exist (404).
func (s *Server) memberExchange(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	ma, err := s.members()
	if err != nil {
		return err
	}
	e, err := ma.MemberExchange(m.ID, pathID(r, "id"))
	if err != nil {
		return err
	}
	v := templates.MemberExchangePage{MemberPage: s.memberPage(r, m, ""), BackURL: s.localPath("/account/exchanges")}
	v.Exchange = s.exchangeView(v.Site.Locale(), e, m.ID, s.memberNames())
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.MemberExchange(b, v) })
}

// memberConfirm confirms an exchange the member takes part in (403
// otherwise, changing nothing).
func (s *Server) memberConfirm(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	ma, err := s.members()
	if err != nil {
		return err
	}
	id := pathID(r, "id")
	if _, _, err := ma.MemberConfirm(r.Context(), id, m.ID); err != nil {
		return err
	}
	return s.done(w, r, "/account/exchanges/"+id, "confirmed")
}

// memberDispute records that the member says the exchange did not happen,
// with an optional note for the coordinators (the admin API's exchange
// shows it; the other participants do not see it).
func (s *Server) memberDispute(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	ma, err := s.members()
	if err != nil {
		return err
	}
	note := strings.TrimSpace(r.PostFormValue("note"))
	id := pathID(r, "id")
	if _, err := ma.Dispute(r.Context(), id, m.ID, note); err != nil {
		return err
	}
	return s.done(w, r, "/account/exchanges/"+id, "disputed")
}

// exchangeView is e as the participant viewer sees it.
func (s *Server) exchangeView(l *i18n.Locale, e *ledger.Exchange, viewer string, name func(string) string) templates.MemberExchange {
	v := templates.MemberExchange{ID: e.ID, Title: e.Title, KindLabel: kindLabel(l, e.Kind), Skills: e.Skills,
		Hours: number(e.Hours), OccurredAt: e.OccurredAt, URL: s.localPath("/account/exchanges/" + e.ID),
		Withdrawn: e.Withdrawn, Awaiting: e.AwaitsConfirmation(viewer), Disputed: e.Disputed()}
	for i, id := range e.Participants() {
		st := e.ConfirmationOf(id)
		v.Participants = append(v.Participants, templates.Participant{Name: name(id), Teacher: i < len(e.Teachers),
			State: string(st), StateLabel: stateLabel(l, st), You: id == viewer})
	}
	mine := e.ConfirmationOf(viewer)
	if !e.Withdrawn && mine != ledger.Confirmed {
		v.ConfirmURL = s.localPath("/account/exchanges/" + e.ID + "/confirm")
	}
	if !e.Withdrawn && mine != ledger.Disputed && viewer != e.LoggedBy {
		v.DisputeURL = s.localPath("/account/exchanges/" + e.ID + "/dispute")
	}
	return v
}

// memberNames returns a lookup of members' names, remembering them for the
// request; an unknown member shows as their id.
func (s *Server) memberNames() func(string) string {
	seen := map[string]string{}
	return func(id string) string {
		if n, ok := seen[id]; ok {
			return n
		}
		n := id
		if m, err := s.store.Member(id); err == nil && m.Name != "" {
			n = m.Name
		}
		seen[id] = n
		return n
	}
}

// maxMemberOptions is how many members a participant list offers at once;
// the search narrows it.
const maxMemberOptions = 200

// memberOptions lists the members to choose from, all but me, who share a
// community with me (community, when given): those
// already chosen first (so a search keeps them), then those whose name or id
// contains find (case-insensitive), in id order. Members listed publicly
// show as "Name (id)", the others by name only. more reports whether more
// matched than are listed.
func (s *Server) memberOptions(me *accolade.Member, community, find string, chosen []string) ([]templates.MemberOption, bool, error) {
	self := me.ID
	shares := func(m *accolade.Member) bool { // a member one can log an exchange with
		if community != "" {
			return m.In(community)
		}
		return slices.ContainsFunc(me.CommunitySlugs(), m.In)
	}
	var out []templates.MemberOption
	label := func(m *accolade.Member) string {
		if m.Listed {
			return m.Name + " (" + m.ID + ")"
		}
		return m.Name
	}
	for _, id := range chosen {
		if m, err := s.store.Member(id); err == nil && id != self {
			out = append(out, templates.MemberOption{ID: id, Label: label(m), Selected: true})
		}
	}
	find = strings.ToLower(find)
	list, _, err := s.store.MembersPage("", maxMemberOptions+1, func(m *accolade.Member) bool {
		return m.ID != self && !slices.Contains(chosen, m.ID) && shares(m) &&
			(find == "" || strings.Contains(strings.ToLower(m.Name), find) || strings.Contains(m.ID, find))
	})
	if err != nil {
		return nil, false, err
	}
	more := len(list) > maxMemberOptions
	for _, m := range list[:min(len(list), maxMemberOptions)] {
		out = append(out, templates.MemberOption{ID: m.ID, Label: label(m)})
	}
	return out, more, nil
}

// kindLabel names an exchange kind in the page's language.
func kindLabel(l *i18n.Locale, k ledger.ExchangeKind) string {
	switch k {
	case ledger.OneToOne:
		return l.T("member.kind.one_to_one")
	case ledger.Workshop:
		return l.T("member.kind.workshop")
	case ledger.Circle:
		return l.T("member.kind.circle")
	case ledger.Mentoring:
		return l.T("member.kind.mentoring")
	case ledger.Project:
		return l.T("member.kind.project")
	}
	return string(k)
}

// stateLabel names a participant's confirmation state.
func stateLabel(l *i18n.Locale, c ledger.Confirmation) string {
	switch c {
	case ledger.Confirmed:
		return l.T("member.state.confirmed")
	case ledger.Disputed:
		return l.T("member.state.disputed")
	}
	return l.T("member.state.waiting")
}
