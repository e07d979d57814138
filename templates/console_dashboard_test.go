package templates

import (
	"testing"
	"time"
)

func TestBarChart(t *testing.T) {
	jan := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	months := []ChartMonth{{Month: jan, Credentials: 4, Exchanges: 8}, {Month: jan.AddDate(0, 1, 0), Credentials: 0, Exchanges: 2}}
	for _, tt := range []struct {
		name           string
		exchanges, rtl bool
		max, firstCred int // the scale's top; January's credentials bar height
		janLeftOfFeb   bool
	}{
		{"both series", true, false, 8, chartPlot / 2, true},
		{"credentials only", false, false, 4, chartPlot, true},
		{"right to left", true, true, 8, chartPlot / 2, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := BarChart(months, tt.exchanges, tt.rtl)
			jan, feb := c.Columns[0], c.Columns[1]
			if c.Max != tt.max || jan.CredH != tt.firstCred || jan.CredY != c.Base-jan.CredH {
				t.Errorf("max %d, January's bar %d at %d, want max %d, bar %d from the axis %d", c.Max, jan.CredH, jan.CredY, tt.max, tt.firstCred, c.Base)
			}
			if (jan.X < feb.X) != tt.janLeftOfFeb {
				t.Errorf("January at x=%d, February at x=%d: want January left of February %v", jan.X, feb.X, tt.janLeftOfFeb)
			}
			if tt.exchanges && jan.ExchH != chartPlot {
				t.Errorf("January's exchanges bar %d, want the full height %d", jan.ExchH, chartPlot)
			}
			if !tt.exchanges && jan.ExchH != 0 {
				t.Errorf("an exchanges bar without the series: %d", jan.ExchH)
			}
			if feb.CredH != 0 || feb.X+chartColumn > c.Width || jan.X+chartColumn > c.Width {
				t.Errorf("February: bar %d at x=%d, width %d", feb.CredH, feb.X, c.Width)
			}
		})
	}
}
