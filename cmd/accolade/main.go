// Command accolade issues and verifies Open Badges 3.0 credentials for
// volunteer and skill-exchange communities. Run "accolade help" for usage.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := NewMain(os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	os.Exit(m.Execute(ctx, os.Args[1:]))
}
