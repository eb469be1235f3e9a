/**
 * cgroup: public surface of the cgroup memory source. Pure parsers and the snapshot → series
 * mapping live beside thin readers that only fetch bytes through an injected CgroupIo.
 */
export { parseFlatKeyed, type FlatKeyed } from './parse-flat-keyed.js';
export { parsePressure, type Pressure, type PressureLine } from './parse-pressure.js';
export { parseSingleValue, parseLimit, UNLIMITED_THRESHOLD } from './parse-single.js';
export { parseMountinfo, unescapeMountField, type MountEntry } from './parse-mountinfo.js';
export { parseProcCgroup, type ProcCgroupEntry } from './parse-proc-cgroup.js';
export {
  detectCgroupLayout,
  resolvePidCgroup,
  cgroupDir,
  cgroupPathOf,
  DEFAULT_CGROUP_ROOT,
  type CgroupLayout,
  type DetectOptions,
} from './layout.js';
export type { CgroupMemory } from './snapshot.js';
export { cgroupSeries, CGROUP_METRIC_NAMES, type LabeledValue } from './series.js';
export { nodeCgroupIo, type CgroupIo } from './io.js';
export { readCgroupMemory, ancestorsOf } from './read.js';
export { resolveTarget, type TargetSpec, type ResolvedCgroup, type ResolveOptions } from './resolve-target.js';
export { discoverCgroups, classify, type DiscoveredCgroup, type DiscoverOptions, type CgroupKind } from './discover.js';
export { globToRegExp } from './glob.js';
export { readProcMemory, procSeries, type ProcMemory } from '../proc/index.js';
