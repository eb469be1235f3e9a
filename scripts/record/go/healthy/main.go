// healthy: a steady request workload; the heap saws between the live set and the GC goal.
package main

import "leaksleuth/recsvc"

func main() {
	recsvc.Start()
	recsvc.Forever()
}
