// seed001_podman_tar: incident 001. A small API (tens of MB) whose nightly tar backup inside the
// container makes podman stats report gigabytes; here one large backup at onset, then quiet.
package main

import (
	"leaksleuth/recsvc"
)

func main() {
	onset := recsvc.Start()
	recsvc.WaitOnset(onset)
	recsvc.Backup(0)
	recsvc.Backup(1)
	recsvc.Forever()
}
