// fragmentation: at onset a batch of small objects is built, then most are dropped but one object
// per 8 KiB span is kept, so the spans stay in use while holding few live bytes.
package main

import (
	"flag"
	"time"

	"leaksleuth/recsvc"
)

var mb = flag.Int("mb", 160, "size of the small-object batch")

type rec struct{ a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p uint64 } // 128 bytes

var kept []*rec

func main() {
	onset := recsvc.Start()
	recsvc.WaitOnset(onset)
	n := *mb << 20 / 128
	all := make([]*rec, n)
	for i := range all {
		all[i] = &rec{a: uint64(i)}
		if i%4096 == 0 {
			time.Sleep(time.Millisecond)
		}
	}
	for i := 0; i < n; i += 64 { // 64 objects of 128 B per 8 KiB span
		kept = append(kept, all[i])
	}
	all = nil
	recsvc.Forever()
}
