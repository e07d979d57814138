package templates

import "time"

func init() {
	consolePages = append(consolePages, "console-queue")
	consoleSmoke["console-queue"] = ConsoleQueuePage{}
}

// ConsoleQueuePage is /console/{slug}/queue: the pending applications for
// the community's achievements, and the disputed exchanges made in it and
// those waiting for a counterpart.
type ConsoleQueuePage struct {
	ConsolePage
	Applications []ConsoleApplication
	Disputes     []ConsoleExchange
	Waiting      []ConsoleExchange // the newest of them
	WaitingTotal int
	// ErrFor is the application or exchange whose action Err refused.
	ErrFor string
	Err    *FormError
}

// ConsoleApplication is a pending application in the queue.
type ConsoleApplication struct {
	ID, Applicant, Member, AchievementName string
	Narrative                              string
	EvidenceURLs                           []string
	CreatedAt                              time.Time
	DecideURL                              string
	Own                                    bool // the coordinator's own: they may not decide it
}

// ConsoleExchange is an exchange in the queue.
type ConsoleExchange struct {
	ID, Title          string
	Hours              string // as a number the plural rules read, such as "1.5"
	OccurredAt         time.Time
	Teachers, Learners []string // names
	Disputes           []ConsoleDispute
	Waiting            []string // who has still to confirm
	WithdrawURL        string
}

// ConsoleDispute is a participant's dispute of an exchange.
type ConsoleDispute struct{ By, Note string }
