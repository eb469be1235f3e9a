// madv_free: run with GODEBUG=madvdontneed=0. One load burst at onset; the scavenger returns the
// pages with MADV_FREE, so heap_released grows while RSS stays up until the kernel needs the pages.
package main

import (
	"flag"
	"time"

	"leaksleuth/recsvc"
)

var mb = flag.Int("burst-mb", 200, "burst size")

func main() {
	onset := recsvc.Start()
	recsvc.WaitOnset(onset)
	recsvc.Burst(*mb, 20*time.Second)
	recsvc.Forever()
}
