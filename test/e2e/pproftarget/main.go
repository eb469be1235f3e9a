// pproftarget is a real Go service for the pprof tests: it serves client_golang's default registry
// on /metrics and net/http/pprof on /debug/pprof/, and leaks in a named function so the profiles
// must name it. Usage: pproftarget ADDR heap|goroutine [rate]
//   heap:      (*Store).Put keeps every 64 KiB record it is given (rate records/s, default 32 = 2 MiB/s)
//   goroutine: (*Client).awaitReply blocks forever on a reply that never comes (rate goroutines/s, default 20)
// A request handler allocates short-lived garbage alongside, so the leak is not the only allocator.
package main

import (
	"fmt"
	"net/http"
	_ "net/http/pprof"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Store is a cache that never evicts: the heap leak.
type Store struct {
	mu   sync.Mutex
	recs [][]byte
}

//go:noinline
func (s *Store) Put(n int) {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i)
	}
	s.mu.Lock()
	s.recs = append(s.recs, b)
	s.mu.Unlock()
}

// Client waits for replies that the server never sends: the goroutine leak.
type Client struct {
	replies chan []byte
}

//go:noinline
func (c *Client) awaitReply() []byte {
	return <-c.replies
}

func (c *Client) call() {
	go func() { _ = c.awaitReply() }()
}

// churn makes garbage that the GC frees, like a request path would.
//
//go:noinline
func churn() int {
	n := 0
	for i := 0; i < 64; i++ {
		b := make([]byte, 16<<10)
		n += len(b)
	}
	return n
}

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: pproftarget ADDR heap|goroutine [rate]")
		os.Exit(2)
	}
	addr, mode := os.Args[1], os.Args[2]
	rate := 0
	if len(os.Args) > 3 {
		rate, _ = strconv.Atoi(os.Args[3])
	}
	store := &Store{}
	client := &Client{replies: make(chan []byte)}
	switch mode {
	case "heap":
		if rate <= 0 {
			rate = 32
		}
		go func() {
			for range time.Tick(time.Second / time.Duration(rate)) {
				store.Put(64 << 10)
			}
		}()
	case "goroutine":
		if rate <= 0 {
			rate = 20
		}
		go func() {
			for range time.Tick(time.Second / time.Duration(rate)) {
				client.call()
			}
		}()
	default:
		fmt.Fprintln(os.Stderr, "mode must be heap or goroutine")
		os.Exit(2)
	}
	go func() {
		for range time.Tick(20 * time.Millisecond) {
			churn()
		}
	}()
	http.Handle("/metrics", promhttp.HandlerFor(prometheus.DefaultGatherer, promhttp.HandlerOpts{EnableOpenMetrics: true}))
	fmt.Println("listening", addr)
	if err := http.ListenAndServe(addr, nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
