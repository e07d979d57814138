package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runScript runs a Node.js script (a browser test, the interop checker)
// with a deadline, and returns what it printed on standard output and
// standard error together.
//
// The script runs in a process group of its own, and at the deadline the
// whole group is killed: Chromium's processes (started by playwright)
// would otherwise outlive node, keep the output pipe open, and hold the
// test in cmd.Wait until go test's own timeout, which names no script.
// This way a script that hangs fails its test, saying which one and after
// how long.
func runScript(timeout time.Duration, env []string, node string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := scriptCommand(ctx, env, node, args...)
	out, err := cmd.CombinedOutput()
	return out, scriptError(ctx, cmd, timeout, err)
}

// scriptCommand is node running args in a process group of its own, killed
// whole when ctx ends, for callers that want standard output apart.
// Finish with scriptError.
func scriptCommand(ctx context.Context, env []string, node string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
	return cmd
}

// scriptError kills what is left of cmd's process group (a script that
// ended by itself may still leave a browser behind) and says so when the
// script ran out of time.
func scriptError(ctx context.Context, cmd *exec.Cmd, timeout time.Duration, err error) error {
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	if ctx.Err() != nil {
		name := "node"
		if len(cmd.Args) > 1 {
			name = filepath.Base(cmd.Args[1])
		}
		return fmt.Errorf("%s did not finish within %v and was stopped: %w", name, timeout, errors.Join(err, ctx.Err()))
	}
	return err
}

// TestRunScriptStopsTheGroup: a script whose child keeps the output pipe
// open (as Chromium does for playwright) still ends at the deadline, with
// an error that says so, instead of holding the test until go test's
// timeout.
func TestRunScriptStopsTheGroup(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("skipping: no sh")
	}
	start := time.Now()
	out, err := runScript(time.Second, nil, sh, "-c", "echo started; sleep 300 & sleep 300")
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("runScript returned after %v; want soon after its 1 s deadline", took)
	}
	if err == nil || !strings.Contains(err.Error(), "did not finish within 1s") {
		t.Errorf("runScript error = %v; want one saying it did not finish within 1s", err)
	}
	if !strings.Contains(string(out), "started") {
		t.Errorf("runScript output = %q; want what the script printed before it was stopped", out)
	}
}
