/**
 * proc: public surface of the per-process memory source (/proc/PID/status and smaps_rollup).
 */
export { parseProcStatus, type ProcStatus } from './parse-status.js';
export { parseSmapsRollup } from './parse-smaps-rollup.js';
export { readProcMemory, type ProcMemory } from './read.js';
export { procSeries, PROC_METRIC_NAMES } from './series.js';
