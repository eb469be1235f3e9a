// heap_leak_slow: a slow leak (default 1 MiB/min), just above 10 % of a 512 MiB limit per hour.
package main

import (
	"flag"
	"time"

	"leaksleuth/recsvc"
)

var rate = flag.Float64("leak-mbpm", 1, "leak rate, MiB per minute")

var leaked [][]byte

func main() {
	onset := recsvc.Start()
	recsvc.WaitOnset(onset)
	per := int(*rate * float64(1<<20) / 120) // one leak every 500 ms
	for range time.Tick(500 * time.Millisecond) {
		b := make([]byte, per)
		for j := 0; j < len(b); j += 4096 {
			b[j] = 1
		}
		leaked = append(leaked, b)
	}
}
