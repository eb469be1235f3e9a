// Package recsvc is the shared skeleton of the recording scenarios: a loopback /metrics +
// pprof server, a steady "request" workload that produces a normal GC sawtooth, and the
// helpers each scenario composes (bursts, tar backups). Scenarios stay small main.go files.
package recsvc

import (
	"flag"
	"fmt"
	"log"
	"math/rand"
	"net/http"
	_ "net/http/pprof" // the diagnosis may fetch heap/goroutine profiles on loopback
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Flags common to every scenario.
var (
	Addr       = flag.String("addr", "127.0.0.1:0", "listen address for /metrics and /debug/pprof")
	Onset      = flag.Duration("onset", 3*time.Minute, "when the scenario's behaviour starts")
	LiveMB     = flag.Int("live-mb", 20, "steady live set of the request workload, MiB")
	AllocMBps  = flag.Float64("alloc-mbps", 2, "garbage allocation rate of the request workload, MiB/s")
	RTMetrics  = flag.Bool("rtmetrics", false, "also expose runtime/metrics series (go_gc_*, go_memory_classes_*)")
	WorkDir    = flag.String("workdir", os.TempDir(), "scratch directory for backups")
	BackupData = flag.String("backup-data", "", "directory the tar backup archives")
)

// Start parses flags, registers collectors and serves /metrics; it returns the onset time.
func Start() time.Time {
	flag.Parse()
	if *RTMetrics {
		prometheus.Unregister(collectors.NewGoCollector())
		prometheus.MustRegister(collectors.NewGoCollector(
			collectors.WithGoCollectorRuntimeMetrics(collectors.MetricsGC, collectors.MetricsMemory)))
	}
	http.Handle("/metrics", promhttp.Handler())
	go func() { log.Fatal(http.ListenAndServe(*Addr, nil)) }()
	log.Printf("serving on %s", *Addr)
	go Requests(*LiveMB, *AllocMBps)
	return time.Now().Add(*Onset)
}

// Sink keeps values reachable so the compiler cannot drop allocations.
var Sink []byte
var sinkMu sync.Mutex

// Requests simulates request handling: a fixed-size LRU-ish live set that is replaced slowly,
// plus short-lived garbage at allocMBps. This is what a healthy sawtooth looks like.
func Requests(liveMB int, allocMBps float64) {
	const chunk = 16 << 10
	live := make([][]byte, liveMB<<20/chunk)
	for i := range live {
		live[i] = make([]byte, chunk)
	}
	tick := 10 * time.Millisecond
	perTick := int(allocMBps * float64(1<<20) * tick.Seconds())
	r := rand.New(rand.NewSource(time.Now().UnixNano()))
	for range time.Tick(tick) {
		// replace a few cached entries (generational churn of the live set)
		live[r.Intn(len(live))] = make([]byte, chunk)
		for n := 0; n < perTick; {
			sz := 512 + r.Intn(8192)
			b := make([]byte, sz)
			b[0] = byte(n)
			n += sz
			if n%97 == 0 {
				sinkMu.Lock()
				Sink = b
				sinkMu.Unlock()
			}
		}
	}
}

// Burst allocates mb MiB of live data, holds it for hold, then drops it: a transient load spike.
func Burst(mb int, hold time.Duration) {
	bufs := make([][]byte, 0, mb)
	for i := 0; i < mb; i++ {
		b := make([]byte, 1<<20)
		for j := 0; j < len(b); j += 4096 {
			b[j] = 1
		}
		bufs = append(bufs, b)
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(hold)
	bufs = nil
	_ = bufs
}

// Backup runs tar over BackupData into a fresh archive in WorkDir; run from inside the cgroup,
// the archive's page cache is charged to this service's cgroup, like a cron backup in a container.
func Backup(n int) {
	if *BackupData == "" {
		log.Printf("no -backup-data, skipping backup")
		return
	}
	out := filepath.Join(*WorkDir, fmt.Sprintf("backup-%d.tar", n))
	cmd := exec.Command("tar", "-cf", out, "-C", *BackupData, ".")
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		log.Printf("backup %d: %v", n, err)
		return
	}
	log.Printf("backup %d took %s", n, time.Since(start))
}

// WaitOnset sleeps until the onset time.
func WaitOnset(onset time.Time) {
	time.Sleep(time.Until(onset))
	log.Printf("onset")
}

// Forever blocks.
func Forever() { select {} }
