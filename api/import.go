package api

// ImportReport is the answer to POST /api/v1/import/{kind}: counts, one
// entry per refused row in row order naming the row, the field and the
// reason, the problem that stopped the reading of the file if one did, and
// the credentials the new activity led to.
type ImportReport struct {
	Kind      string       `json:"kind"`
	Rows      int          `json:"rows"`
	Created   int          `json:"created"`
	Updated   int          `json:"updated"`
	Unchanged int          `json:"unchanged"`
	Failed    int          `json:"failed"`
	Errors    []RowProblem `json:"errors"`
	Stopped   *RowProblem  `json:"stopped,omitempty"`
	Issued    []Credential `json:"issued"`
	Encoding  string       `json:"encoding,omitempty"`  // a CSV file's text encoding
	Separator string       `json:"separator,omitempty"` // a CSV file's cell separator
}

// RowProblem is a row that was refused or could not be read. Error says,
// in the words of someone editing the file, which column (or JSON key) is
// wrong and why; it does not repeat the row number. Row 0 is the header.
type RowProblem struct {
	Row   int    `json:"row"`
	Line  int    `json:"line,omitempty"`
	Field string `json:"field,omitempty"`
	Error string `json:"error"`
}
