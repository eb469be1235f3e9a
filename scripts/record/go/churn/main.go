// churn: a high allocation rate and a live set that swings with load, but no growth: healthy.
package main

import (
	"math"
	"time"

	"leaksleuth/recsvc"
)

func main() {
	onset := recsvc.Start()
	recsvc.WaitOnset(onset)
	go recsvc.Requests(5, 25) // extra heavy garbage from onset on
	// a load wave: a second live set that grows and shrinks with a 4-minute period
	var wave [][]byte
	t0 := time.Now()
	for range time.Tick(time.Second) {
		want := int(30 + 25*math.Sin(2*math.Pi*time.Since(t0).Minutes()/4))
		for len(wave) < want {
			wave = append(wave, make([]byte, 1<<20))
		}
		if len(wave) > want {
			wave = wave[:want:want]
		}
	}
}
