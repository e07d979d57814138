package criteria

import (
	"fmt"
	"slices"
)

// source is where a parsed achievement came from: its file and the line of
// every field path, for messages about it after parsing.
type source struct {
	file  string
	lines map[string]int
}

// reference is a field of an achievement that names another achievement.
type reference struct {
	field string // such as "criteria.rule.all[1].attestations.fromHoldersOf"
	id    string
	self  bool // whether referring to the achievement itself is allowed
}

// references returns a's references to achievements: reviewers, holds,
// holds() in expressions and fromHoldersOf, in file order.
//
// Referring to the achievement itself is meaningful for reviewers (holders
// of Mentor review applications for Mentor) and fromHoldersOf (Mentor is
// earned by being vouched for by two Mentors, the first ones issued
// directly), and is allowed there; a rule cannot require holding the
// achievement it awards (holds, holds()).
func (a *Achievement) references() []reference {
	var out []reference
	if a.Reviewers != "" {
		out = append(out, reference{"reviewers", a.Reviewers, true})
	}
	var walk func(r *Rule, path string)
	walk = func(r *Rule, path string) {
		switch {
		case r == nil:
		case r.All != nil || r.Any != nil:
			key, list := "all", r.All
			if r.Any != nil {
				key, list = "any", r.Any
			}
			for i, c := range list {
				walk(c, fmt.Sprintf("%s.%s[%d]", path, key, i))
			}
		case r.Holds != "":
			out = append(out, reference{path + ".holds", r.Holds, false})
		case r.Attestations != nil && r.Attestations.FromHoldersOf != "":
			out = append(out, reference{path + ".attestations.fromHoldersOf", r.Attestations.FromHoldersOf, true})
		case r.Expr != "":
			for _, id := range r.exprHolds {
				out = append(out, reference{path + ".expr", id, false})
			}
		}
	}
	walk(a.Criteria.Rule, "criteria.rule")
	return out
}

// CheckReferences checks that every achievement batch refers to (reviewers,
// holds, holds() in expressions, fromHoldersOf) exists: it is in batch, or
// its id is in known (the achievements already stored). Achievements loaded
// together may refer to each other. A rule cannot require holding its own
// achievement; reviewers and fromHoldersOf may name it. The error, of kind
// errs.Invalid, joins one *FileError per problem, with the file and line when
// the achievement came from ParseAchievement, and suggests a close id:
//
//	trainer.yaml:21: criteria.rule.all[1].attestations.fromHoldersOf: there is no achievement "mentr" (did you mean "mentor"?)
func CheckReferences(batch []*Achievement, known []string) error {
	ids := slices.Clone(known)
	for _, a := range batch {
		ids = append(ids, a.ID)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var list []error
	for _, a := range batch {
		for _, ref := range a.references() {
			_, found := slices.BinarySearch(ids, ref.id)
			var msg string
			switch {
			case ref.id == a.ID && !ref.self:
				msg = fmt.Sprintf("%q is this achievement; a rule cannot require the achievement it awards", ref.id)
			case ref.id == a.ID || found:
				continue
			default:
				msg = fmt.Sprintf("there is no achievement %q", ref.id)
				if hint := suggestID(ref.id, ids); hint != "" {
					msg += hint
				} else {
					msg += "; load it first, or in the same batch"
				}
			}
			list = append(list, a.fileError(ref.field, msg))
		}
	}
	if len(list) == 0 {
		return nil
	}
	return joinErrors(list)
}

// fileError is a *FileError at field of a, with its file and line when a
// was parsed.
func (a *Achievement) fileError(field, msg string) *FileError {
	e := &FileError{Field: field, Msg: msg}
	if a.src != nil {
		d := decoder{file: a.src.file, lines: a.src.lines}
		e.File, e.Line = a.src.file, d.lineOf(field)
	}
	return e
}

// suggestID returns ` (did you mean "x"?)` for the id in ids closest to id,
// when it is close.
func suggestID(id string, ids []string) string {
	best, dist := "", 3
	for _, k := range ids {
		if d := editDistance(id, k); d < dist || d == dist && best == "" && d <= 2 {
			best, dist = k, d
		}
	}
	if best == "" || dist > 2 {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// RefersTo reports whether a refers to achievement id (reviewers, holds,
// holds() in expressions, fromHoldersOf).
func (a *Achievement) RefersTo(id string) bool {
	for _, ref := range a.references() {
		if ref.id == id {
			return true
		}
	}
	return false
}
