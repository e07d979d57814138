package certificate

import (
	"embed"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

//go:embed labels/*.json
var labelFiles embed.FS

// labels are the words of a certificate in one language (labels/README.md).
type labels struct {
	Lang      string   `json:"-"`
	Dir       string   `json:"dir"`
	Title     string   `json:"title"`
	Certifies string   `json:"certifies"`
	Earned    string   `json:"earned"`
	Awarded   string   `json:"awarded"`
	Expires   string   `json:"expires"`
	ID        string   `json:"id"`
	Criteria  string   `json:"criteria"`
	Verify    string   `json:"verify"`
	Date      string   `json:"date"`
	Months    []string `json:"months"`
}

// Languages lists the languages certificates have labels in.
func Languages() []string {
	ents, _ := labelFiles.ReadDir("labels")
	var out []string
	for _, e := range ents {
		out = append(out, strings.TrimSuffix(e.Name(), ".json"))
	}
	return out
}

// labelsFor returns the labels of the first of langs with a file (a tag's
// region is ignored: "fr-CA" uses fr), else English.
func labelsFor(langs ...string) (*labels, error) {
	for _, lang := range append(langs, "en") {
		base, _, _ := strings.Cut(strings.ToLower(lang), "-")
		if base == "" || strings.ContainsAny(base, "./\\") {
			continue
		}
		b, err := labelFiles.ReadFile("labels/" + base + ".json")
		if err != nil {
			continue
		}
		l := &labels{Lang: base}
		if err := json.Unmarshal(b, l); err != nil {
			return nil, fmt.Errorf("labels/%s.json: %w", base, err)
		}
		return l, nil
	}
	return nil, fmt.Errorf("labels/en.json is missing")
}

func (l *labels) rtl() bool { return l.Dir == "rtl" }

// date writes t (its UTC calendar date) in the language's form.
func (l *labels) date(t time.Time) string {
	t = t.UTC()
	month := t.Month().String()
	if len(l.Months) == 12 {
		month = l.Months[t.Month()-1]
	}
	return strings.NewReplacer("{day}", strconv.Itoa(t.Day()), "{month}", month,
		"{year}", strconv.Itoa(t.Year())).Replace(l.Date)
}
