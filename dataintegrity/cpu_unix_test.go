//go:build unix

package dataintegrity

import (
	"syscall"
	"testing"
	"time"
)

// CPUMeter reports, through Report, the process CPU time per operation (user + system, GC
// included) as cpu-ns/op. On a shared machine ns/op measures the queue for
// the CPU as much as the work; cpu-ns/op measures the work.
type CPUMeter struct{ start time.Duration }

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func StartCPU() CPUMeter { return CPUMeter{start: cpuTime()} }

func (m CPUMeter) Report(b *testing.B) {
	b.ReportMetric(float64(cpuTime()-m.start)/float64(b.N), "cpu-ns/op")
}
