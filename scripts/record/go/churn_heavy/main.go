// churn_heavy: steady heavy allocation with large per-request buffers (several MiB each, held for
// the length of a request). The GC's working room (heap_idle − heap_released) stays high but has
// no trend: there is no spike to recover from, just sustained demand. Healthy.
package main

import (
	"flag"
	"math/rand"
	"time"

	"leaksleuth/recsvc"
)

var (
	workers = flag.Int("workers", 8, "concurrent requests")
	bufMB   = flag.Int("buf-mb", 6, "largest per-request buffer, MiB")
)

func main() {
	recsvc.Start()
	for w := 0; w < *workers; w++ {
		go func(seed int64) {
			r := rand.New(rand.NewSource(seed))
			for {
				b := make([]byte, (1+r.Intn(*bufMB))<<20)
				for j := 0; j < len(b); j += 4096 {
					b[j] = 1
				}
				time.Sleep(time.Duration(100+r.Intn(300)) * time.Millisecond)
				recsvc.Sink = b[:1]
			}
		}(int64(w))
	}
	recsvc.Forever()
}
