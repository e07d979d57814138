// Package i18n owns the words Accolade shows people: the message catalogues
// (one JSON file per language in locales/, editable without reading Go),
// choosing a language for a person (their own setting, then their
// browser's Accept-Language), plural forms (CLDR rules, through
// nicksnyder/go-i18n), localised dates and the text direction.
//
// Keys are nested JSON objects flattened with dots: {"nav": {"verify": "…"}}
// is the key "nav.verify". A message with plural forms is an object whose
// keys are CLDR plural categories (zero, one, two, few, many, other); its
// text reads the count as {{.Count}}. Other values are passed by name
// ({{.Name}}). Key names may not be one of go-i18n's reserved words (id,
// description, hash, leftdelim, rightdelim, translation, or a plural
// category) unless they are plural forms.
//
// It does not own what the words are shown on: templates renders pages
// and mail, and passes a *Locale to them.
package i18n
