package ledger_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/accolade-badges/accolade/ledger"
)

func ExampleReadExchanges() {
	csv := `id,kind,title,skills,hours,occurredAt,teachers,learners,confirmedBy
ex-1,workshop,Editing basics,training;editing,2,2026-03-04T18:00:00Z,ada,bob;cy,bob
ex-2,lecture,,training,1,2026-03-05,ada,bob,
ex-3,workshop,,training,two,2026-03-06,ada,bob,
`
	now := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	for row := range ledger.ReadExchanges(strings.NewReader(csv), ledger.CSV) {
		err := row.Err
		if err == nil {
			if err = row.Value.Validate(now, nil); err != nil {
				err = row.Fail(err)
			}
		}
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("row %d: %s with %d learners\n", row.Row, row.Value.ID, len(row.Value.Learners))
	}
	// Output:
	// row 1: ex-1 with 2 learners
	// row 2 (line 3): kind: "lecture" is not one of one_to_one, workshop, circle, mentoring, project
	// row 3 (line 4): hours: "two" is not a number such as 1.5
}
