// Package lines runs a check on each non-blank line of stdin, the input shape of this module's commands.
package lines

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// Check calls check with each non-blank line (numbered from 1, blank lines counted) and prints its
// result on stdout; a failed line is reported on stderr and makes the process exit 1 after the last
// line, so one run lists every bad line. A read error exits 2.
func Check(check func(line string) (string, error)) {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<22), 1<<22)
	failed := false
	for n := 1; in.Scan(); n++ {
		line := strings.TrimSpace(in.Text())
		if line == "" {
			continue
		}
		out, err := check(line)
		if err != nil {
			fmt.Fprintf(os.Stderr, "line %d: %v\n", n, err)
			failed = true
			continue
		}
		fmt.Printf("%d\t%s\n", n, out)
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if failed {
		os.Exit(1)
	}
}
