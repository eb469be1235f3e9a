// offheap: from onset, native buffers are mmap'd (as cgo or syscall.Mmap users do) and never unmapped.
package main

import (
	"flag"
	"log"
	"syscall"
	"time"

	"leaksleuth/recsvc"
)

var rate = flag.Float64("leak-mbpm", 12, "off-heap growth, MiB per minute")

var maps [][]byte

func main() {
	onset := recsvc.Start()
	recsvc.WaitOnset(onset)
	size := int(*rate*float64(1<<20)/60) &^ 4095 // one mapping per second
	for range time.Tick(time.Second) {
		m, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
		if err != nil {
			log.Fatal(err)
		}
		for i := 0; i < len(m); i += 4096 {
			m[i] = 1
		}
		maps = append(maps, m)
	}
}
