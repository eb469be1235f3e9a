/**
 * cgroup: how a config or a target names the cgroup that belongs to a service. One type shared by
 * the config loader, target building and the cgroup resolver.
 */

/** CgroupSpec is one of the four ways to name a cgroup: a path, a pid, a pidfile or a systemd unit. */
export type CgroupSpec =
  | { readonly path: string }
  | { readonly pid: number }
  | { readonly pidfile: string }
  | { readonly systemd_unit: string };
