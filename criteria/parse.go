package criteria

import (
	"cmp"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ledger"
)

// MaxFileSize is the largest achievement file accepted, in bytes.
const MaxFileSize = 1 << 20

// maxFileErrors is how many problems a parse reports before giving up.
const maxFileErrors = 20

// FileError is a problem at a line of an achievement file. It unwraps to an
// errs.Invalid error naming the field path.
type FileError struct {
	File  string // as given to ParseAchievement; may be ""
	Line  int    // 1-based; 0 when unknown
	Field string // such as "criteria.rule.all[0].exchanges.role"; may be ""
	Msg   string
}

func (e *FileError) Error() string {
	var b strings.Builder
	switch {
	case e.File != "" && e.Line > 0:
		fmt.Fprintf(&b, "%s:%d: ", e.File, e.Line)
	case e.File != "":
		b.WriteString(e.File + ": ")
	case e.Line > 0:
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

func (e *FileError) Unwrap() error {
	return &errs.Error{Kind: errs.Invalid, Field: e.Field, Msg: e.Msg}
}

// ParseAchievement reads an achievement file, YAML or JSON, and validates it
// (see Achievement.Validate). Every problem is reported as a *FileError
// naming the file, the line and the field path, for example
//
//	trainer.yaml:14: criteria.rule.all[0].exchanges.role: "teachr" is not one of teacher, learner, any
//
// Unknown and repeated keys are errors. When there are several problems the
// error joins them (errors.Join), one per line. Errors are of kind
// errs.Invalid, or errs.TooLarge for a file over MaxFileSize.
func ParseAchievement(filename string, data []byte) (*Achievement, error) {
	if len(data) > MaxFileSize {
		return nil, errs.E(errs.TooLarge, "%s: the file is %d bytes; at most %d", displayName(filename), len(data), MaxFileSize)
	}
	d := &decoder{file: filename, lines: map[string]int{}}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, d.syntaxError(err)
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		d.errorAt(1, "", "the file is empty: want an achievement with id, name, description and criteria")
		return nil, d.err()
	}
	a := d.achievement(root.Content[0])
	var p problems
	a.validate(&p)
	for _, e := range p.list {
		if !d.reported(e.Field) {
			d.errorAt(d.lineOf(e.Field), e.Field, "%s", e.Msg)
		}
	}
	if len(d.errs) > 0 {
		return nil, d.err()
	}
	a.src = &source{file: filename, lines: d.lines}
	return a, nil
}

func displayName(filename string) string {
	if filename == "" {
		return "achievement"
	}
	return filename
}

// decoder walks the YAML tree, recording the line of every field path and
// the problems it finds.
type decoder struct {
	file  string
	lines map[string]int
	errs  []error
	bad   []string // fields whose values could not be read
}

func (d *decoder) errorAt(line int, field, format string, args ...any) {
	if len(d.errs) < maxFileErrors {
		d.errs = append(d.errs, &FileError{File: d.file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
}

// errorf reports that the value of field, at n, could not be read.
func (d *decoder) errorf(n *yaml.Node, field, format string, args ...any) {
	d.bad = append(d.bad, field)
	d.errorAt(n.Line, field, format, args...)
}

// err returns the problems found, by line.
func (d *decoder) err() error {
	slices.SortStableFunc(d.errs, func(a, b error) int {
		return cmp.Compare(a.(*FileError).Line, b.(*FileError).Line)
	})
	return joinErrors(d.errs)
}

var yamlLineRe = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxError turns a YAML parser error into FileErrors.
func (d *decoder) syntaxError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: unmarshal errors:\n")
	for _, s := range strings.Split(msg, "\n") {
		s = strings.TrimSpace(s)
		if m := yamlLineRe.FindStringSubmatch(s); m != nil {
			line, _ := strconv.Atoi(m[1])
			if strings.HasPrefix(m[2], "did not find expected") || strings.HasPrefix(m[2], "found a tab character") {
				line++ // the YAML parser (not scanner) counts lines from 0
			}
			d.errorAt(line, "", "malformed YAML or JSON: %s", m[2])
		} else {
			d.errorAt(0, "", "malformed YAML or JSON: %s", strings.TrimPrefix(s, "yaml: "))
		}
	}
	return d.err()
}

// reported reports whether a problem with field, or a field above or below
// it, was already reported while reading: checking a value that could not be
// read would only repeat the problem.
func (d *decoder) reported(field string) bool {
	for _, f := range d.bad {
		if f == field || within(field, f) || within(f, field) {
			return true
		}
	}
	return false
}

// within reports whether path is below parent.
func within(path, parent string) bool {
	return parent == "" || strings.HasPrefix(path, parent) && len(path) > len(parent) && (path[len(parent)] == '.' || path[len(parent)] == '[')
}

// lineOf returns the line of field, or of its nearest ancestor with one.
func (d *decoder) lineOf(field string) int {
	for f := field; f != ""; {
		if l, ok := d.lines[f]; ok {
			return l
		}
		i := max(strings.LastIndexByte(f, '.'), strings.LastIndexByte(f, '['))
		if i < 0 {
			break
		}
		f = f[:i]
	}
	return d.lines[""]
}

// mapping returns the values of a mapping node by key, after checking that
// n is a mapping and that every key is known and given once.
func (d *decoder) mapping(n *yaml.Node, path string, known []string) map[string]*yaml.Node {
	d.lines[path] = n.Line
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "want a mapping of keys to values, got %s", describeNode(n))
		return nil
	}
	m := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		field := join(path, k.Value)
		switch {
		case !slices.Contains(known, k.Value):
			d.errorAt(k.Line, path, "unknown key %q%s; the keys are %s", k.Value, suggest(k.Value, known), strings.Join(known, ", "))
		case m[k.Value] != nil:
			d.errorAt(k.Line, field, "is given twice (also on line %d)", m[k.Value].Line)
		case !d.plain(v, field):
		default:
			m[k.Value] = v
			d.lines[field] = v.Line
		}
	}
	return m
}

// plain reports whether n is free of anchors, aliases and merge keys, which
// achievement files do not use.
func (d *decoder) plain(n *yaml.Node, field string) bool {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		d.errorf(n, field, "YAML anchors and aliases are not supported; write the value out")
		return false
	}
	return true
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func describeNode(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "an alias"
}

// suggest returns ` (did you mean "x"?)` for a key close to a known one.
func suggest(key string, known []string) string {
	for _, k := range known {
		if editDistance(strings.ToLower(key), strings.ToLower(k)) <= 2 {
			return fmt.Sprintf(" (did you mean %q?)", k)
		}
	}
	return ""
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// str reads a scalar as text; any scalar but null is accepted.
func (d *decoder) str(n *yaml.Node, field string) string {
	if n == nil || n.Tag == "!!null" {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, field, "want text, got %s", describeNode(n))
		return ""
	}
	return n.Value
}

func (d *decoder) boolean(n *yaml.Node, field string) bool {
	if n == nil || n.Tag == "!!null" {
		return false
	}
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		d.errorf(n, field, "want true or false, got %s", describeNode(n))
		return false
	}
	return n.Value == "true"
}

// count reads a whole number of at least 1.
func (d *decoder) count(n *yaml.Node, field string) int {
	if n == nil {
		return 0
	}
	v, err := strconv.Atoi(n.Value)
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || err != nil || v < 1 {
		d.errorf(n, field, "want a whole number of at least 1, got %s", describeNode(n))
		return 0
	}
	return v
}

// number reads a positive number.
func (d *decoder) number(n *yaml.Node, field string) float64 {
	if n == nil {
		return 0
	}
	v, err := strconv.ParseFloat(n.Value, 64)
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") || err != nil || !(v > 0) || v > 1e9 {
		d.errorf(n, field, "want a positive number, got %s", describeNode(n))
		return 0
	}
	return v
}

func (d *decoder) duration(n *yaml.Node, field string) time.Duration {
	if n == nil || n.Tag == "!!null" {
		return 0
	}
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
		d.errorf(n, field, "want a duration with a unit, such as 365d, got %s", describeNode(n))
		return 0
	}
	v, err := ParseDuration(n.Value)
	if e := (*errs.Error)(nil); errors.As(err, &e) {
		d.errorf(n, field, "%s", e.Msg)
	}
	return v
}

// list reads a list of text values; a single value is a list of one.
func (d *decoder) list(n *yaml.Node, field string) []string {
	if n == nil || n.Tag == "!!null" {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		return []string{n.Value}
	}
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		d.errorf(n, field, "want a list such as [workshop, circle], got %s", describeNode(n))
		return nil
	}
	out := make([]string, len(n.Content))
	for i, c := range n.Content {
		f := fmt.Sprintf("%s[%d]", field, i)
		d.lines[f] = c.Line
		if d.plain(c, f) {
			out[i] = d.str(c, f)
		}
	}
	return out
}

func kinds(s []string) []ledger.ExchangeKind {
	if s == nil {
		return nil
	}
	k := make([]ledger.ExchangeKind, len(s))
	for i, v := range s {
		k[i] = ledger.ExchangeKind(v)
	}
	return k
}

// ImageFile reports whether the achievement's image names a file rather
// than a URL (an achievement file may say "image: badge.svg", relative to
// the file), and returns the path as written and its line in the file (0
// when unknown). An absolute http(s) URL and a data: URI are not files.
// Only the command line reads such a file: it checks the image, stores it
// and replaces the path with the URL it is served at.
func (a *Achievement) ImageFile() (path string, line int, ok bool) {
	img := strings.TrimSpace(a.Image)
	if img == "" || strings.HasPrefix(img, "https://") || strings.HasPrefix(img, "http://") || strings.HasPrefix(img, "data:") {
		return "", 0, false
	}
	if a.src != nil {
		line = a.src.lines["image"]
	}
	return img, line, true
}
