// page_cache: a periodic tar backup runs inside the service's cgroup; its archive fills the page cache.
package main

import (
	"flag"
	"time"

	"leaksleuth/recsvc"
)

var every = flag.Duration("every", 150*time.Second, "backup period")

func main() {
	onset := recsvc.Start()
	recsvc.WaitOnset(onset)
	for i := 0; ; i++ {
		recsvc.Backup(i)
		time.Sleep(*every)
	}
}
