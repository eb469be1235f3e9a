// mmap_file: from onset, the service maps a large data file read-only and reads through it, a few
// MiB a second (an index or a model served from a file). Resident memory grows as RssFile and the
// cgroup's mapped page cache; anonymous memory and the Go heap stay flat. Reclaimable: not a leak.
package main

import (
	"flag"
	"log"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"leaksleuth/recsvc"
)

var (
	sizeMB = flag.Int("file-mb", 400, "size of the mapped file, MiB")
	rate   = flag.Float64("read-mbpm", 20, "how fast the service reads through the mapping, MiB per minute")
)

func main() {
	onset := recsvc.Start()
	// a sparse file: its pages enter the page cache (charged to this cgroup) only when the
	// mapping first touches them, so cache and mapped_file grow with the reads
	path := filepath.Join(*recsvc.WorkDir, "index.dat")
	f, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	size := *sizeMB << 20
	if err := f.Truncate(int64(size)); err != nil {
		log.Fatal(err)
	}
	recsvc.WaitOnset(onset)
	data, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		log.Fatal(err)
	}
	pagesPerTick := int(*rate * float64(1<<20) / 4096 / 600) // 10 ticks a second, rate per minute
	var sum byte
	for off := 0; ; {
		for i := 0; i < pagesPerTick; i++ {
			sum += data[off]
			off += 4096
			if off >= size {
				off = 0 // wrap: re-reads hit pages already resident
			}
		}
		recsvc.Sink = []byte{sum}
		time.Sleep(100 * time.Millisecond)
	}
}
