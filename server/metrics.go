package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/accolade-badges/accolade"
)

// Metrics are the service's Prometheus metrics, in a registry of its own:
// requests by route and status with their latency, credentials issued,
// verifications by outcome, remote fetches by outcome, and the mail
// outbox's depth, beside the Go runtime's. They are served to an install-wide token with
// read, at GET /api/v1/metrics) and, with --metrics-addr, on a separate address of their own.
type Metrics struct {
	reg           *prometheus.Registry
	requests      *prometheus.CounterVec
	latency       *prometheus.HistogramVec
	issued        *prometheus.CounterVec
	verifications *prometheus.CounterVec
	fetches       *prometheus.CounterVec
}

// NewMetrics returns the metrics, registered. outboxDepth, when not nil,
// is read at every scrape.
func NewMetrics(outboxDepth func() (int, error)) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "accolade_http_requests_total",
			Help: "HTTP requests answered, by route pattern and status code."}, []string{"route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "accolade_http_request_duration_seconds",
			Help: "Time to answer HTTP requests, by route pattern.", Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10}}, []string{"route"}),
		issued: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "accolade_credentials_issued_total",
			Help: "Credentials issued, by issuer (community) slug."}, []string{"issuer"}),
		verifications: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "accolade_verifications_total",
			Help: "Verifications answered (API, page and link), by outcome."}, []string{"outcome"}),
		fetches: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "accolade_remote_fetches_total",
			Help: "Fetches of other issuers' keys, DID documents, status lists and credential links, by outcome (ok, or the failure's kind: forbidden for a refused address)."}, []string{"outcome"}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.issued, m.verifications, m.fetches,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if outboxDepth != nil {
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "accolade_outbox_pending",
			Help: "Mail notices waiting to be sent."}, func() float64 {
			n, err := outboxDepth()
			if err != nil {
				return -1
			}
			return float64(n)
		}))
	}
	return m
}

// Issued counts a credential issued by the issuer slug.
func (m *Metrics) Issued(r *accolade.Record) { m.issued.WithLabelValues(issuerSlug(r.Issuer)).Inc() }

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorLog: nil})
}

// observe records one answered request: its route pattern ("unrouted"
// for none), status and time.
func (m *Metrics) observe(route string, code int, took time.Duration) {
	if route == "" {
		route = "unrouted"
	}
	m.requests.WithLabelValues(route, strconv.Itoa(code)).Inc()
	m.latency.WithLabelValues(route).Observe(took.Seconds())
}

// fetched counts a remote fetch's outcome (verifier.Config.OnFetch).
func (m *Metrics) fetched(outcome string) { m.fetches.WithLabelValues(outcome).Inc() }

// verified counts a verdict's outcome.
func (m *Metrics) verified(outcome string) { m.verifications.WithLabelValues(outcome).Inc() }

// getMetrics is GET /api/v1/metrics, on the admin side.
func (s *Server) getMetrics(w http.ResponseWriter, r *http.Request) error {
	s.metrics.Handler().ServeHTTP(w, r)
	return nil
}
