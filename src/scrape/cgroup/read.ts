/**
 * read: one snapshot of a cgroup's memory files. It only fetches bytes through CgroupIo and hands
 * them to the pure parsers; absent files are listed in `missing`, never guessed.
 */
import { DaemonError, ErrorCode } from '../../core/errors.js';
import type { CgroupIo } from './io.js';
import { cgroupDir, type CgroupLayout } from './layout.js';
import { parseFlatKeyed } from './parse-flat-keyed.js';
import { parsePressure } from './parse-pressure.js';
import { parseLimit, parseSingleValue, UNLIMITED_THRESHOLD } from './parse-single.js';
import type { CgroupMemory } from './snapshot.js';

const V1_FILES = [
  'memory.usage_in_bytes',
  'memory.max_usage_in_bytes',
  'memory.limit_in_bytes',
  'memory.failcnt',
  'memory.stat',
  'memory.oom_control',
  'memory.kmem.usage_in_bytes',
  'memory.pressure',
] as const;

const V2_FILES = [
  'memory.current',
  'memory.peak',
  'memory.max',
  'memory.high',
  'memory.stat',
  'memory.events',
  'memory.pressure',
  'memory.swap.current',
] as const;

type Texts = Map<string, string>;

async function readAll(io: CgroupIo, dir: string, names: readonly string[]): Promise<{ texts: Texts; missing: string[] }> {
  const results = await Promise.all(names.map((n) => io.readFile(`${dir}/${n}`)));
  const texts: Texts = new Map();
  const missing: string[] = [];
  names.forEach((n, i) => {
    const t = results[i];
    if (t === undefined) missing.push(n);
    else texts.set(n, t);
  });
  return { texts, missing };
}

/**
 * readCgroupMemory reads every memory file of the cgroup at `path` (relative to the hierarchy
 * root). It throws CGROUP_NOT_FOUND when neither the usage file nor memory.stat exists, because
 * then the cgroup itself is gone; any other missing file is only recorded.
 */
export async function readCgroupMemory(io: CgroupIo, layout: CgroupLayout, path: string): Promise<CgroupMemory> {
  const dir = cgroupDir(layout, path);
  const version = layout.memoryVersion;
  const { texts, missing } = await readAll(io, dir, version === 1 ? V1_FILES : V2_FILES);
  const usageFile = version === 1 ? 'memory.usage_in_bytes' : 'memory.current';
  if (!texts.has(usageFile) && !texts.has('memory.stat')) {
    throw new DaemonError(ErrorCode.CGROUP_NOT_FOUND, `cgroup ${path} not found: ${dir} has neither ${usageFile} nor memory.stat`);
  }
  const at = (n: string) => `${dir}/${n}`;
  const single = (n: string) => {
    const t = texts.get(n);
    return t === undefined ? undefined : parseSingleValue(t, at(n));
  };
  const limit = (n: string) => {
    const t = texts.get(n);
    return t === undefined ? undefined : parseLimit(t, at(n));
  };
  const flat = (n: string) => {
    const t = texts.get(n);
    return t === undefined ? undefined : parseFlatKeyed(t, at(n));
  };
  const psiText = texts.get('memory.pressure');
  const common = {
    version,
    path,
    dir,
    usageBytes: single(usageFile),
    stat: flat('memory.stat'),
    pressure: psiText === undefined ? undefined : parsePressure(psiText, at('memory.pressure')),
  };
  if (version === 1) {
    const hier = common.stat?.['hierarchical_memory_limit'];
    return dropUndefined({
      ...common,
      maxUsageBytes: single('memory.max_usage_in_bytes'),
      limitBytes: limit('memory.limit_in_bytes'),
      failcnt: single('memory.failcnt'),
      oomControl: flat('memory.oom_control'),
      kernelUsageBytes: single('memory.kmem.usage_in_bytes'),
      effectiveLimitBytes: hier === undefined ? undefined : hier >= UNLIMITED_THRESHOLD ? null : hier,
      missing,
    });
  }
  const own = limit('memory.max');
  return dropUndefined({
    ...common,
    maxUsageBytes: single('memory.peak'),
    limitBytes: own,
    highBytes: limit('memory.high'),
    events: flat('memory.events'),
    swapBytes: single('memory.swap.current'),
    effectiveLimitBytes: await effectiveLimitV2(io, layout, path, own),
    missing,
  });
}

/** ancestorsOf lists the proper ancestors of a cgroup path below the visible root, nearest first. */
export function ancestorsOf(path: string, stopAt = '/'): string[] {
  const out: string[] = [];
  let p = path.replace(/\/+$/, '');
  for (;;) {
    const slash = p.lastIndexOf('/');
    if (slash <= 0) break;
    p = p.slice(0, slash);
    if (p === stopAt || (stopAt !== '/' && !p.startsWith(stopAt))) break;
    out.push(p);
  }
  return out;
}

/**
 * effectiveLimitV2 is the minimum memory.max over the cgroup and its ancestors, since on v2 a parent's
 * limit caps every child (the root cgroup has no memory.max). undefined when the own file is missing.
 */
async function effectiveLimitV2(io: CgroupIo, layout: CgroupLayout, path: string, own: number | null | undefined): Promise<number | null | undefined> {
  if (own === undefined) return undefined;
  let min: number | null = own;
  const ancestors = ancestorsOf(path, layout.memoryMountRoot);
  const texts = await Promise.all(ancestors.map((a) => io.readFile(`${cgroupDir(layout, a)}/memory.max`)));
  ancestors.forEach((a, i) => {
    const t = texts[i];
    if (t === undefined) return;
    const v = parseLimit(t, `${cgroupDir(layout, a)}/memory.max`);
    if (v !== null && (min === null || v < min)) min = v;
  });
  return min;
}

function dropUndefined<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}
