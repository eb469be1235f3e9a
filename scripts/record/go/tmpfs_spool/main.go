// tmpfs_spool: from onset, the service spools requests to files on a tmpfs (/dev/shm) and never
// deletes them. The kernel charges the pages to the cgroup as cache, but they are shmem: without
// swap they cannot be reclaimed, so usage marches to the limit. Outside the Go heap: an off-heap leak.
package main

import (
	"flag"
	"fmt"
	"log"
	"math/rand"
	"os"
	"path/filepath"
	"time"

	"leaksleuth/recsvc"
)

var (
	spool = flag.String("spool", "/dev/shm", "tmpfs directory the spool files go to")
	rate  = flag.Float64("spool-mbpm", 10, "spool growth, MiB per minute")
)

func main() {
	onset := recsvc.Start()
	recsvc.WaitOnset(onset)
	per := int(*rate * float64(1<<20) / 60) // one file a second
	buf := make([]byte, per)
	r := rand.New(rand.NewSource(1))
	for i := 0; ; i++ {
		r.Read(buf)
		name := filepath.Join(*spool, fmt.Sprintf("req-%06d.spool", i))
		if err := os.WriteFile(name, buf, 0o600); err != nil {
			log.Printf("spool %d: %v", i, err)
		}
		time.Sleep(time.Second)
	}
}
