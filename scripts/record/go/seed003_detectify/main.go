// seed003_detectify: incident 003. A function decodes large payloads every few seconds (memory
// pressure, not a leak): pprof shows a few MB live, but RSS/docker stats stay at hundreds of MB
// because freed memory is returned with MADV_FREE (run with GODEBUG=madvdontneed=0).
package main

import (
	"encoding/json"
	"math/rand"
	"time"

	"leaksleuth/recsvc"
)

type doc struct {
	Domain string   `json:"domain"`
	Apex   string   `json:"apex"`
	Tags   []string `json:"tags"`
}

func main() {
	onset := recsvc.Start()
	payload := make([]doc, 0, 200000)
	for i := 0; i < 200000; i++ {
		payload = append(payload, doc{Domain: "host.example.com", Apex: "example.com", Tags: []string{"a", "b"}})
	}
	raw, _ := json.Marshal(payload)
	payload = nil
	recsvc.WaitOnset(onset)
	for {
		n := 2 + rand.Intn(4)
		var out [][]doc
		for i := 0; i < n; i++ {
			var d []doc
			_ = json.Unmarshal(raw, &d)
			out = append(out, d)
		}
		out = nil
		time.Sleep(time.Duration(20+rand.Intn(20)) * time.Second)
	}
}
