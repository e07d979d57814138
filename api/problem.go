package api

// Problem is an RFC 9457 problem document, the body of every error answer
// (application/problem+json). Field, when set, names the input field that
// was wrong (a JSON path such as "criteria.rule.all[0]").
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
	Field  string `json:"field,omitempty"`
}
