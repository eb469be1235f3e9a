// heap_leak: from onset, every request leaks a little into a global map (a classic unbounded cache).
package main

import (
	"flag"
	"fmt"
	"time"

	"leaksleuth/recsvc"
)

var rate = flag.Float64("leak-mbpm", 6, "leak rate, MiB per minute")

var cache = map[string][]byte{}

func main() {
	onset := recsvc.Start()
	recsvc.WaitOnset(onset)
	per := int(*rate * float64(1<<20) / 600) // 10 leaks per second
	for i := 0; ; i++ {
		b := make([]byte, per)
		for j := 0; j < len(b); j += 4096 {
			b[j] = 1
		}
		cache[fmt.Sprintf("session-%d", i)] = b
		time.Sleep(100 * time.Millisecond)
	}
}
