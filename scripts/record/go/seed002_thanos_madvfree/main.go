// seed002_thanos_madvfree: incident 002 (Go 1.12 MADV_FREE, emulated with GODEBUG=madvdontneed=0).
// Query bursts of growing size make RSS ratchet up and stay, while the live heap stays small.
package main

import (
	"time"

	"leaksleuth/recsvc"
)

func main() {
	onset := recsvc.Start()
	recsvc.WaitOnset(onset)
	for i := 1; ; i++ {
		mb := 40 * i
		if mb > 220 {
			mb = 220
		}
		recsvc.Burst(mb, 10*time.Second)
		time.Sleep(100 * time.Second)
	}
}
