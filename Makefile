# Accolade — Open Badges 3.0 issuer and verifier.
# make run    serve the demo community at http://127.0.0.1:8080 (data in ./data)
# make test   run every test: with the race detector, then the browser
#             tests (TestBrowser*) without it
# make test-pg  the store's tests (and award's, issuer's, server's, and the end-to-end
#             tests of cmd/accolade) on a throwaway PostgreSQL (scripts/pg-test-server)
# make fuzz   run every fuzz target in turn, FUZZTIME each (make fuzz FUZZTIME=10m)

GO        ?= go
BIN       := bin/accolade
DATA      ?= ./data
ADDR      ?= 127.0.0.1:8080
BENCHTIME ?= 1s
FUZZTIME  ?= 10s

# staticcheck, for `make lint` only (installed by `make lint-deps`). Its
# default checks: every one but a few style checks (package comments,
# naming), so U1000 (unused code) and ST1005 (error strings) among them.
STATICCHECK_VERSION := v0.8.2
STATICCHECK         ?= $(shell $(GO) env GOPATH)/bin/staticcheck
STATICCHECK_CHECKS  := all,-ST1000,-ST1003,-ST1016,-ST1020,-ST1021,-ST1022,-ST1023

.PHONY: run build test test-pg fuzz fuzz-short interop interop-deps interop-fixtures bench bench-all bench-large crash load lint lint-deps fonts clean

run: build
	$(BIN) serve --demo --data $(DATA) --addr $(ADDR)

build:
	$(GO) build -trimpath -o $(BIN) ./cmd/accolade

# The browser tests (TestBrowser*, cmd/accolade) drive Chromium against
# a server in the test process. Under the race detector that server is
# several times slower (CI once ran past its 30 minutes there), so they
# run in a second pass without it. The handlers they reach run
# concurrently under the race detector in the server package's tests,
# TestLoad and the crash tests; a race only a browser flow reaches would
# go unseen.
BROWSER_TESTS := ^TestBrowser

test:
	$(GO) test -race -count=1 -timeout 30m -skip '$(BROWSER_TESTS)' ./...
	$(GO) test -count=1 -timeout 20m -run '$(BROWSER_TESTS)' ./cmd/accolade

# Every fuzz target, one per go test run (Go fuzzes one target per
# package run). New crashers land in the package's testdata/fuzz/ and
# stay there as regression seeds, which every `go test` runs.
FUZZ_TARGETS := \
	./verifier:FuzzVerify ./verifier:FuzzParseCompactJWS ./verifier:FuzzCheckDuplicateKeys \
	./verifier:FuzzParseCredential ./verifier:FuzzDecodeList ./verifier:FuzzObjectMembers \
	./dataintegrity:FuzzVerify ./dataintegrity:FuzzFastExpand \
	./bake:FuzzReadPDF ./bake:FuzzReadPNG ./bake:FuzzReadSVG ./bake:FuzzObjHeader \
	./badgeimage:FuzzSanitiseSVG ./criteria:FuzzParseAchievement ./criteria:FuzzReadSnapshot \
	./ledger:FuzzReadMembers ./ledger:FuzzReadExchanges ./ledger:FuzzReadAttestations

fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t#*:}; \
		echo "== $$pkg $$name ($(FUZZTIME))"; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) $$pkg; \
	done

# The fuzz targets' seeds and kept crashers only, without fuzzing.
fuzz-short:
	$(GO) test -count=1 -run '^Fuzz' $(sort $(foreach t,$(FUZZ_TARGETS),$(firstword $(subst :, ,$(t)))))

# The interoperability suite (interop/README.md): Node.js 20 and the pinned
# npm packages. TestInterop is part of `make test` and skips without them.
interop-deps:
	npm ci --prefix interop --no-audit --no-fund

interop: interop-deps
	$(GO) test -count=1 -run Interop -v ./cmd/accolade

interop-fixtures: build interop-deps
	node interop/fixtures.mjs $(BIN)

# The performance suite (docs/PERFORMANCE.md): the benchmarks of its
# table, each figure beside a baseline measured in the same run, printed
# and written to docs/PERFORMANCE.md (about a minute and a half on 2 cores).
# BENCH_FULL=1 adds the 100,000- and 1,000,000-record sizes.
bench:
	$(GO) run ./internal/cmd/benchreport -o docs/PERFORMANCE.md

# Every benchmark of every package, printed as go test prints them (ns/op;
# compare runs with benchstat). The large sizes run only with
# ACCOLADE_BENCH_LARGE=1.
bench-all:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) ./...

# The criteria engine at the scale of issue 3: 100,000 members, 1,000,000
# exchanges (needs about 2 GiB of memory and a minute); the public pages at
# 100,000 stored credentials (about 1 GiB in /dev/shm); `keys list` and
# `verify --data` start-up beside loading the award index, at 1,000,000
# exchanges (a few minutes).
bench-large:
	ACCOLADE_BENCH_LARGE=1 $(GO) test -run '^$$' -bench 'IndexBuild|EvaluateAll|Incremental' -benchmem ./criteria
	ACCOLADE_BENCH_LARGE=1 $(GO) test -run '^$$' -bench 'HomePage|CredentialPage' -benchtime 20x ./server
	ACCOLADE_BENCH_LARGE=1 $(GO) test -run '^$$' -bench 'Startup' -benchtime 3x -timeout 30m ./cmd/accolade

# The crash test's long form: accolade serve killed with SIGKILL CRASH_KILLS
# times under concurrent issuance (make test kills it 4 times).
CRASH_KILLS ?= 200
crash:
	ACCOLADE_CRASH_KILLS=$(CRASH_KILLS) $(GO) test -run '^TestCrashIssuance$$' -timeout 60m -v ./cmd/accolade

# The load test's long form: mixed traffic at the demo server for
# LOAD_TIME (make test runs it for 3 s).
LOAD_TIME ?= 60s
load:
	ACCOLADE_LOAD_TIME=$(LOAD_TIME) $(GO) test -run '^TestLoad$$' -timeout 60m -v ./cmd/accolade

# The store's, award's, issuer's and server's tests once more, on a
# throwaway PostgreSQL cluster (scripts/pg-test-server; Debian's
# postgresql package): every test that opens its store through
# MustOpen gets a fresh schema of its own; the bbolt-only ones skip. Then
# cmd/accolade's (but the browser's): every end-to-end test that starts
# its server with startApp runs it on a fresh schema too, as a node of a
# shared database (ACCOLADE_DATABASE_URL, keys sealed with a passphrase),
# and TestPostgres* run (accolade migrate, --from-data).
PG_TEST_PACKAGES := ./store/ ./award/ ./issuer/ ./server/

test-pg:
	@set -e; out=$$(scripts/pg-test-server); dir=$$(echo "$$out" | sed -n 's/^DIR=//p'); \
	url=$$(echo "$$out" | sed -n 's/^URL=//p'); echo "PostgreSQL test cluster: $$url"; \
	trap 'scripts/pg-test-server stop "$$dir"' EXIT; \
	ACCOLADE_TEST_DATABASE_URL="$$url" $(GO) test -count=1 -timeout 10m $(PG_TEST_PACKAGES); \
	ACCOLADE_TEST_DATABASE_URL="$$url" $(GO) test -count=1 -timeout 10m -skip '$(BROWSER_TESTS)' ./cmd/accolade

lint-deps:
	$(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	@test -x $(STATICCHECK) || { echo "staticcheck is not installed: run make lint-deps"; exit 1; }
	$(STATICCHECK) -checks '$(STATICCHECK_CHECKS)' ./...

# Rebuilds the fonts bundled in typeset/fonts (committed; never run by CI)
# from Debian's fonts-noto-core, fonts-noto-cjk and fonttools.
fonts:
	sh typeset/fonts/build.sh

clean:
	rm -rf bin
