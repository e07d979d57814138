package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"text/tabwriter"
	"time"
)

const endorsementsUsage = `accolade endorsements list (--issuer SLUG | --subject ID)      [--server URL | --data DIR]
       accolade endorsements issue --issuer SLUG --subject ID [--comment TEXT]
       accolade endorsements attach FILE|-      (an endorsement received from outside, JSON or JWT: verified first)
       accolade endorsements delete ID          (withdraw: credentials already issued keep it)`

// endorsementFlags are the flags of accolade endorsements.
type endorsementFlags struct {
	issuer, subject, comment *string
}

func (m *Main) endorsementsFlags(fs *flag.FlagSet) endorsementFlags {
	m.apiFlags(fs)
	return endorsementFlags{
		issuer:  fs.String("issuer", "", "list: the community (`SLUG`) whose given and received endorsements to list; issue: the endorsing community"),
		subject: fs.String("subject", "", "the `ID` of the endorsed achievement or profile (an https URL, a DID or a URN)"),
		comment: fs.String("comment", "", "issue: the endorsement's comment (`TEXT`, at most 2,000 bytes)"),
	}
}

// endorsementAnswer is an endorsement as the admin API answers it.
type endorsementAnswer struct {
	ID           string    `json:"id"`
	Subject      string    `json:"subject"`
	Endorser     string    `json:"endorser"`
	EndorserName string    `json:"endorserName"`
	Comment      string    `json:"comment"`
	Attached     bool      `json:"attached"`
	Created      time.Time `json:"created"`
}

// endorsementsCmd lists, issues, attaches and deletes endorsements,
// through a running server's admin API or directly on the data directory
// (POST, GET and DELETE /api/v1/endorsements…).
func (m *Main) endorsementsCmd(ctx context.Context, args []string) error {
	fs := m.flagSet("endorsements", endorsementsUsage)
	f := m.endorsementsFlags(fs)
	pos, err := m.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("give list, issue, attach or delete")
	}
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	switch verb := pos[0]; {
	case verb == "list" && len(pos) == 1:
		if set["issuer"] == set["subject"] || set["comment"] {
			return usagef("list needs one of --issuer SLUG and --subject ID")
		}
		q := url.Values{}
		if set["issuer"] {
			q.Set("issuer", *f.issuer)
		} else {
			q.Set("subject", *f.subject)
		}
		return m.listEndorsements(ctx, q)
	case verb == "issue" && len(pos) == 1:
		if *f.issuer == "" || *f.subject == "" {
			return usagef("issue needs --issuer (the endorsing community's SLUG) and --subject (the ID of what it endorses)")
		}
		body, _ := json.Marshal(map[string]string{"endorser": *f.issuer, "subject": *f.subject, "comment": *f.comment})
		return m.sendEndorsement(ctx, m.api, "/api/v1/endorsements", body, "issued") // signing needs the issuer
	case verb == "attach" && len(pos) == 2:
		if set["issuer"] || set["subject"] || set["comment"] {
			return usagef("attach takes no --issuer, --subject or --comment: they are in the endorsement")
		}
		body, err := m.readEndorsement(pos[1])
		if err != nil {
			return err
		}
		return m.sendEndorsement(ctx, m.storeAPI, "/api/v1/endorsements/attach", body, "verified and kept")
	case verb == "delete" && len(pos) == 2:
		if set["issuer"] || set["subject"] || set["comment"] {
			return usagef("delete takes only the endorsement's ID")
		}
		return m.deleteEndorsement(ctx, pos[1])
	case verb == "list" || verb == "issue":
		return usagef("%s takes no arguments, only flags", verb)
	case verb == "attach":
		return usagef("give attach and one FILE (or - for standard input)")
	case verb == "delete":
		return usagef("give delete and one endorsement ID")
	}
	return usagef("unknown subcommand %q: give list, issue, attach or delete", pos[0])
}

// readEndorsement reads the endorsement in file (- for standard input) as
// the body of POST /api/v1/endorsements/attach: its JSON, or a bare
// compact JWT as a JSON string. An unreadable or empty file is a usage
// error.
func (m *Main) readEndorsement(file string) ([]byte, error) {
	var r io.Reader = m.Stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return nil, usagef("cannot read the endorsement: %v", err)
		}
		defer f.Close()
		r = f
	}
	const max = 256 << 10
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	switch {
	case err != nil:
		return nil, usagef("cannot read the endorsement %s: %v", file, err)
	case len(b) > max:
		return nil, usagef("the endorsement %s is larger than 256 KB", file)
	}
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil, usagef("the endorsement %s is empty: give its JSON or its JWT", file)
	}
	if b[0] == '{' || b[0] == '"' {
		return b, nil
	}
	out, _ := json.Marshal(string(b)) // a bare JWT; a string always encodes
	return out, nil
}

// sendEndorsement posts body to path through the API that open returns,
// and prints the endorsement answered.
func (m *Main) sendEndorsement(ctx context.Context, open func() (*client, string, error), path string, body []byte, done string) error {
	defer m.Close()
	c, mode, err := open()
	if err != nil {
		return err
	}
	var e endorsementAnswer
	if err := c.do(ctx, "POST", path, "application/json", body, &e); err != nil {
		return err
	}
	m.printEndorsements([]endorsementAnswer{e})
	fmt.Fprintf(m.Stderr, "(endorsement %s, %s)\n", done, mode)
	return nil
}

func (m *Main) listEndorsements(ctx context.Context, q url.Values) error {
	defer m.Close()
	c, mode, err := m.storeAPI()
	if err != nil {
		return err
	}
	var list []endorsementAnswer
	if err := c.do(ctx, "GET", "/api/v1/endorsements?"+q.Encode(), "", nil, &list); err != nil {
		return err
	}
	m.printEndorsements(list)
	fmt.Fprintf(m.Stderr, "(%s, %s)\n", plural(len(list), "endorsement"), mode)
	return nil
}

func (m *Main) deleteEndorsement(ctx context.Context, id string) error {
	defer m.Close()
	c, mode, err := m.storeAPI()
	if err != nil {
		return err
	}
	if err := c.do(ctx, "DELETE", "/api/v1/endorsements/"+url.PathEscape(id), "", nil, nil); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "withdrew endorsement %s: credentials issued from now on do not carry it; those already issued keep it\n", id)
	fmt.Fprintf(m.Stderr, "(%s)\n", mode)
	return nil
}

// printEndorsements prints endorsements one a line; the endorser's name
// is what it calls itself.
func (m *Main) printEndorsements(list []endorsementAnswer) {
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSUBJECT\tENDORSER\tKEPT\tCOMMENT")
	for _, e := range list {
		kept := "issued " + e.Created.Format(time.DateOnly)
		if e.Attached {
			kept = "received " + e.Created.Format(time.DateOnly)
		}
		name := e.EndorserName
		if name == "" {
			name = e.Endorser
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", e.ID, e.Subject, oneLine(name), kept, oneLine(e.Comment))
	}
	tw.Flush()
}
