// gotarget is a real Go service for the end-to-end tests: it serves client_golang's default
// registry (Go and process collectors) on the loopback address given as the first argument and
// keeps a slowly growing slice so its cgroup's memory moves while the daemon watches it.
package main

import (
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

var held [][]byte

func main() {
	addr := "127.0.0.1:0"
	if len(os.Args) > 1 {
		addr = os.Args[1]
	}
	ticks := prometheus.NewCounter(prometheus.CounterOpts{Name: "gotarget_ticks_total", Help: "Allocation ticks."})
	prometheus.MustRegister(ticks)
	go func() {
		for {
			b := make([]byte, 256<<10)
			for i := range b {
				b[i] = byte(i)
			}
			held = append(held, b)
			if len(held) > 200 {
				held = held[1:]
			}
			ticks.Inc()
			time.Sleep(50 * time.Millisecond)
		}
	}()
	http.Handle("/metrics", promhttp.HandlerFor(prometheus.DefaultGatherer, promhttp.HandlerOpts{EnableOpenMetrics: true}))
	fmt.Println("listening", addr)
	if err := http.ListenAndServe(addr, nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
