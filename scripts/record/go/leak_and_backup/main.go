// leak_and_backup: a heap leak and a periodic tar backup in the same cgroup; the leak must win.
package main

import (
	"flag"
	"fmt"
	"time"

	"leaksleuth/recsvc"
)

var rate = flag.Float64("leak-mbpm", 5, "leak rate, MiB per minute")
var every = flag.Duration("every", 180*time.Second, "backup period")

var cache = map[string][]byte{}

func main() {
	onset := recsvc.Start()
	recsvc.WaitOnset(onset)
	go func() {
		for i := 0; ; i++ {
			recsvc.Backup(i)
			time.Sleep(*every)
		}
	}()
	per := int(*rate * float64(1<<20) / 600)
	for i := 0; ; i++ {
		b := make([]byte, per)
		for j := 0; j < len(b); j += 4096 {
			b[j] = 1
		}
		cache[fmt.Sprintf("k%d", i)] = b
		time.Sleep(100 * time.Millisecond)
	}
}
