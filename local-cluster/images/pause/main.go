// Command pause is the pod sandbox of the local cluster: it holds the pod's namespaces open and exits on
// SIGINT or SIGTERM. The usual pause image cannot be pulled here (no public registry), so it is built.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	<-signals
}
