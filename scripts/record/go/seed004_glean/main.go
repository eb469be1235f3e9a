// seed004_glean: incident 004 scaled down. Go 1.15-style MADV_FREE (GODEBUG=madvdontneed=0) in a
// memory-limited container: request bursts of slowly increasing size make usage creep towards the
// limit while heap_released is large; the live heap does not grow.
package main

import (
	"math/rand"
	"time"

	"leaksleuth/recsvc"
)

func main() {
	onset := recsvc.Start()
	recsvc.WaitOnset(onset)
	t0 := time.Now()
	for {
		base := 30 + int(time.Since(t0).Minutes()*25)
		if base > 300 {
			base = 300
		}
		recsvc.Burst(base+rand.Intn(30), 5*time.Second)
		time.Sleep(time.Duration(30+rand.Intn(30)) * time.Second)
	}
}
