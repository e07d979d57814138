package certificate_test

import (
	"bytes"
	"sync"
	"testing"

	"github.com/accolade-badges/accolade/certificate"
)

// Renderings are the same bytes whatever was rendered before or at the same
// time (shared font caches must not change the output).
func TestDeterministicConcurrent(t *testing.T) {
	names := []struct{ name, lang string }{
		{"Kwame Mensah", "en"}, {"ليلى حداد", "ar"}, {"王小明", "zh"}, {"प्रज्ञा क्षत्रिय", "hi"}, {"Zoë Ångström-Nuñez", "fr"},
	}
	want := make([][]byte, len(names))
	for i, n := range names {
		want[i] = render(t, sample(n.name, n.lang))
	}
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for k := 0; k < 3; k++ {
				for j := range names {
					i := (j + g) % len(names)
					got, err := certificate.Render(sample(names[i].name, names[i].lang), nil)
					if err != nil {
						errs <- err.Error()
						return
					}
					if !bytes.Equal(got, want[i]) {
						errs <- names[i].name + ": differs from its first rendering"
					}
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
