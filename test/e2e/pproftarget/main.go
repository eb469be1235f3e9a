// pproftarget is a real Go service for the pprof tests: it serves client_golang's default registry
// on /metrics and net/http/pprof on /debug/pprof/, and leaks in a named function so the profiles
// must name it. Usage: pproftarget ADDR heap|goroutine [rate]
//
//	heap:      (*Store).Put keeps every 64 KiB record it is given (rate records/s, default 32 = 2 MiB/s)
//	goroutine: (*Client).awaitReply blocks forever on a reply that never comes (rate goroutines/s, default 20)
//	buffer:    (*Journal).Append writes into a bytes.Buffer that is never reset (the allocation is in bytes)
//	mutex:     (*Ledger).Record waits on a mutex that is never unlocked (the wait is in sync)
//
// A request handler allocates short-lived garbage alongside, so the leak is not the only allocator.
package main

import (
	"bytes"
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

// sink makes churn's buffers escape to the heap (a buffer that does not escape lives on the stack and
// is no garbage at all), so the GC runs every few seconds as in a service with a request path.
var sink []byte

// churn makes garbage that the GC frees, like a request path would.
//
//go:noinline
func churn() int {
	n := 0
	for i := 0; i < 16; i++ {
		b := make([]byte, 16<<10)
		sink = b
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
	case "buffer":
		j := &Journal{}
		go func() {
			for range time.Tick(time.Second / 32) {
				j.Append(64 << 10)
			}
		}()
	case "mutex":
		l := &Ledger{}
		l.mu.Lock() // held for ever: every Record waits
		go func() {
			for range time.Tick(time.Second / 20) {
				go l.Record()
			}
		}()
	default:
		fmt.Fprintln(os.Stderr, "mode must be heap, goroutine, buffer or mutex")
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

// Journal keeps every entry in one growing buffer: a heap leak whose allocation happens inside bytes.
type Journal struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

//go:noinline
func (j *Journal) Append(n int) {
	j.mu.Lock()
	j.buf.Write(make([]byte, n))
	j.mu.Unlock()
}

// Ledger's lock is never released: a goroutine leak whose wait happens inside sync.
type Ledger struct {
	mu sync.Mutex
	n  int
}

//go:noinline
func (l *Ledger) Record() {
	l.mu.Lock()
	l.n++
	l.mu.Unlock()
}
