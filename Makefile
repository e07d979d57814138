# Accolade — Open Badges 3.0 issuer and verifier.
# make run    serve the demo community at http://127.0.0.1:8080 (data in ./data)
# make test   run every test with the race detector

GO        ?= go
BIN       := bin/accolade
DATA      ?= ./data
ADDR      ?= 127.0.0.1:8080
BENCHTIME ?= 1s

.PHONY: run build test bench lint clean

run:
	$(GO) run ./cmd/accolade serve --demo --data $(DATA) --addr $(ADDR)

build:
	$(GO) build -trimpath -o $(BIN) ./cmd/accolade

test:
	$(GO) test -race -count=1 ./...

# Benchmarks print ns/op; compare runs with benchstat. The 100,000-member
# criteria benchmark runs only with ACCOLADE_BENCH_LARGE=1.
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) ./...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

clean:
	rm -rf bin
