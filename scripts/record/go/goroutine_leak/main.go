// goroutine_leak: from onset, each request starts a worker that blocks forever on a channel nobody closes.
package main

import (
	"flag"
	"time"

	"leaksleuth/recsvc"
)

var perSec = flag.Int("per-sec", 10, "goroutines leaked per second")

func main() {
	onset := recsvc.Start()
	recsvc.WaitOnset(onset)
	for range time.Tick(time.Second / time.Duration(*perSec)) {
		ch := make(chan []byte)
		go func() {
			buf := make([]byte, 2048) // per-request state kept alive by the blocked goroutine
			buf[0] = 1
			v := <-ch
			buf = append(buf, v...)
		}()
	}
}
