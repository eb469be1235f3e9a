// idle_heap: a mostly idle service gets periodic bursts; after each, the runtime keeps the freed
// spans (heap_idle − heap_released) until the scavenger and the 2-minute forced GC catch up.
package main

import (
	"flag"
	"time"

	"leaksleuth/recsvc"
)

var mb = flag.Int("burst-mb", 180, "burst size")
var every = flag.Duration("every", 4*time.Minute, "burst period")

func main() {
	onset := recsvc.Start()
	recsvc.WaitOnset(onset)
	for {
		recsvc.Burst(*mb, 15*time.Second)
		time.Sleep(*every)
	}
}
