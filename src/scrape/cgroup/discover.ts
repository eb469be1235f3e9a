/**
 * discover: walks the memory hierarchy and finds workloads worth watching: systemd services and
 * containers from docker, podman, containerd/CRI, CRI-O and kubelet's cgroupfs driver. The walk is
 * bounded in depth and only follows real directories (CgroupIo.listDirs never returns symlinks).
 */
import type { CgroupIo } from './io.js';
import { cgroupDir, type CgroupLayout } from './layout.js';
import { globMatchAny, globToRegExp } from './glob.js';

/** CgroupKind names what created a discovered cgroup. */
export type CgroupKind = 'systemd' | 'docker' | 'podman' | 'containerd' | 'crio' | 'kubepods';

/** DiscoveredCgroup is one workload cgroup with a friendly name. */
export interface DiscoveredCgroup {
  readonly path: string;
  readonly dir: string;
  /** name is the unit name for services and the 12-character short id for containers. */
  readonly name: string;
  readonly kind: CgroupKind;
  /** containerId is the full 64-hex container id. */
  readonly containerId?: string;
  /** podUid is the Kubernetes pod UID (dashes restored) when the cgroup sits in a pod. */
  readonly podUid?: string;
}

/** DiscoverOptions filter the walk; see glob.ts for the pattern syntax. */
export interface DiscoverOptions {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  /** maxDepth bounds the walk (default 10 levels below the root). */
  readonly maxDepth?: number;
}

const HEX64 = '([0-9a-f]{64})';
const CONTAINER_PATTERNS: ReadonlyArray<{ re: RegExp; kind: CgroupKind; parent?: RegExp }> = [
  { re: new RegExp(`^docker-${HEX64}\\.scope$`), kind: 'docker' },
  { re: new RegExp(`^${HEX64}$`), kind: 'docker', parent: /^docker$/ },
  { re: new RegExp(`^libpod-${HEX64}\\.scope$`), kind: 'podman' },
  { re: new RegExp(`^libpod-${HEX64}$`), kind: 'podman', parent: /^libpod_parent$/ },
  { re: new RegExp(`^cri-containerd-${HEX64}\\.scope$`), kind: 'containerd' },
  { re: new RegExp(`^crio-${HEX64}\\.scope$`), kind: 'crio' },
  { re: new RegExp(`^${HEX64}$`), kind: 'kubepods', parent: /^pod[0-9a-f-]{36}$/ },
];

/** podUidOf extracts a pod UID from a pod cgroup name (systemd driver uses `_` for `-`). */
function podUidOf(name: string): string | undefined {
  const m = /^(?:kubepods(?:-[a-z]+)?-)?pod([0-9a-f_-]{36})(?:\.slice)?$/.exec(name);
  return m ? m[1]!.replace(/_/g, '-') : undefined;
}

/** classify names a cgroup from its last path component and its parent's; undefined = not a workload. */
export function classify(path: string): Omit<DiscoveredCgroup, 'dir'> | undefined {
  const parts = path.split('/').filter((p) => p !== '');
  const name = parts[parts.length - 1];
  if (name === undefined) return undefined;
  const parent = parts[parts.length - 2] ?? '';
  let podUid: string | undefined;
  for (const p of parts) podUid = podUidOf(p) ?? podUid;
  for (const c of CONTAINER_PATTERNS) {
    const m = c.re.exec(name);
    if (!m || (c.parent && !c.parent.test(parent))) continue;
    const id = m[1]!;
    return { path, name: id.slice(0, 12), kind: c.kind, containerId: id, ...(podUid ? { podUid } : {}) };
  }
  if (name.endsWith('.service')) return { path, name, kind: 'systemd' };
  return undefined;
}

/**
 * discoverCgroups walks the hierarchy breadth-first and returns workloads that match an include
 * pattern (all when `include` is empty) and no exclude pattern. It does not descend into containers,
 * whose children are the container's own business.
 */
export async function discoverCgroups(io: CgroupIo, layout: CgroupLayout, opts: DiscoverOptions): Promise<DiscoveredCgroup[]> {
  const include = opts.include.map(globToRegExp);
  const exclude = opts.exclude.map(globToRegExp);
  const maxDepth = opts.maxDepth ?? 10;
  const out: DiscoveredCgroup[] = [];
  const seen = new Set<string>();
  let level: string[] = ['/'];
  for (let depth = 1; depth <= maxDepth && level.length > 0; depth++) {
    const next: string[] = [];
    for (const path of level) {
      const dir = cgroupDir(layout, path);
      if (seen.has(dir)) continue;
      seen.add(dir);
      for (const name of (await io.listDirs(dir)) ?? []) {
        const child = path === '/' ? `/${name}` : `${path}/${name}`;
        const found = classify(child);
        if (found) {
          const candidates = [found.path, found.name];
          const wanted = (include.length === 0 || globMatchAny(include, candidates)) && !globMatchAny(exclude, candidates);
          if (wanted) out.push({ ...found, dir: cgroupDir(layout, child) });
          if (found.kind !== 'systemd') continue;
        }
        next.push(child);
      }
    }
    level = next;
  }
  return out;
}
