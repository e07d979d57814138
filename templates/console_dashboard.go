package templates

import "time"

func init() {
	consolePages = append(consolePages, "console-dashboard")
	consoleSmoke["console-dashboard"] = ConsoleDashboardPage{}
}

// ConsoleDashboardPage is /console/{slug}: a community's numbers (its
// members, the exchanges made in it, its credentials) and its last months
// as a chart.
type ConsoleDashboardPage struct {
	ConsolePage
	Members, Achievements, ExchangesMonth        int
	HoursMonth                                   string
	Credentials, CredentialsMonth                int
	PendingConfirmations, Disputes, Applications int
	// Where each number is handled; an empty URL: no page for it.
	MembersURL, AchievementsURL, CredentialsURL string
	ApplicationsURL, DisputesURL, WaitingURL    string
	MonthStart                                  time.Time // the current month
	Chart                                       []ChartMonth
	Bars                                        Chart
}

// ChartMonth is one month of the dashboard's chart.
type ChartMonth struct {
	Month                  time.Time
	Credentials, Exchanges int
}

// Chart is the geometry of a bar chart in SVG user units.
type Chart struct {
	Width, Height, Base int // Base: the y of the axis
	Max                 int // the top of the scale
	Columns             []ChartColumn
	Exchanges           bool // reports whether exchanges have bars
}

// ChartColumn is one month's bars and label.
type ChartColumn struct {
	Month               time.Time
	X, LabelX           int
	CredY, CredH, CredV int
	ExchX, ExchY, ExchH int
	ExchV, BarWidth     int
}

// Chart layout, in SVG user units.
const (
	chartColumn = 72
	chartTop    = 16
	chartPlot   = 180
	chartBottom = 72 // room for the slanted month labels
	chartLeft   = 64 // room for the first slanted label
)

// BarChart lays out months as bars: credentials and, when exchanges, the
// exchanges beside them, scaled to the largest value. Time runs in the
// page's direction: from the right when rtl.
func BarChart(months []ChartMonth, exchanges, rtl bool) Chart {
	c := Chart{Width: chartLeft + 8 + chartColumn*len(months), Base: chartTop + chartPlot, Exchanges: exchanges, Max: 1}
	c.Height = c.Base + chartBottom
	for _, m := range months {
		c.Max = max(c.Max, m.Credentials)
		if exchanges {
			c.Max = max(c.Max, m.Exchanges)
		}
	}
	bar := chartColumn - 16
	if exchanges {
		bar = (chartColumn - 16) / 2
	}
	for i, m := range months {
		slot := i
		if rtl {
			slot = len(months) - 1 - i
		}
		x := chartLeft + slot*chartColumn + 8
		col := ChartColumn{Month: m.Month, X: x, LabelX: x + (chartColumn-16)/2, BarWidth: bar, CredV: m.Credentials, ExchV: m.Exchanges}
		col.CredH = m.Credentials * chartPlot / c.Max
		col.CredY = c.Base - col.CredH
		if exchanges {
			col.ExchX = x + bar
			col.ExchH = m.Exchanges * chartPlot / c.Max
			col.ExchY = c.Base - col.ExchH
		}
		c.Columns = append(c.Columns, col)
	}
	return c
}
