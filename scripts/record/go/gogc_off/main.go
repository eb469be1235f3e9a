// gogc_off: the ordinary request workload run with GOGC=off and a GOMEMLIMIT (set in the
// environment by scenarios.mjs). The runtime collects only when the heap nears the limit, so
// heap_alloc climbs with garbage to most of the cgroup while the live set stays small.
package main

import "leaksleuth/recsvc"

func main() {
	recsvc.Start()
	recsvc.Forever()
}
