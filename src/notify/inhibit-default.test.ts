/**
 * The embedded default config (config/leaksleuth.yaml) ships inhibit rules so one leak is one page:
 * while GoMemoryLeak fires for a target, the pack's lesser alerts and the user's own alerts that carry
 * the same leak diagnosis for that target are muted; other targets and other diagnoses are not.
 */
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../config/load.js';
import { normalizeNotifyConfig, type RawNotifyConfig } from './config.js';
import { fingerprint } from './fingerprint.js';
import { Inhibitor } from './inhibit.js';
import type { NotifyAlert } from './types.js';

const firing = (labels: Record<string, string>): NotifyAlert => ({ status: 'firing', labels, annotations: {}, startsAt: 0, endsAt: 0, generatorURL: '', fingerprint: fingerprint(labels) });
const target = { job: 'api', instance: '127.0.0.1:6060' };

describe('default config: one incident, one page', () => {
  it('GoMemoryLeak mutes the other alerts about the same target, and nothing else', async () => {
    const config = await loadConfigFile('config/leaksleuth.yaml', {});
    const ih = new Inhibitor(normalizeNotifyConfig(config.notify as RawNotifyConfig).inhibitRules);
    const leak = { alertname: 'GoMemoryLeak', severity: 'page', verdict: 'heap_leak', primary: 'true', leak: 'true', diagnosis: 'heap_leak', ...target };
    const workingSet = { alertname: 'ContainerWorkingSetNearLimit', severity: 'warning', id: '/system.slice/api.service', ...target };
    const oom = { alertname: 'ContainerOOMKilled', severity: 'warning', id: '/system.slice/api.service', ...target };
    const userLeak = { alertname: 'MemoryHigh', severity: 'page', diagnosis: 'heap_leak', ...target };
    const userCache = { alertname: 'MemoryHigh', severity: 'page', diagnosis: 'page_cache', ...target };
    expect(ih.mutes(workingSet)).toBe(false);
    ih.observe(firing(leak));
    expect(ih.mutes(workingSet)).toBe(true);
    expect(ih.mutes(oom)).toBe(true);
    expect(ih.mutes(userLeak)).toBe(true);
    // The page itself, another diagnosis, and another target still get through.
    expect(ih.mutes(leak)).toBe(false);
    expect(ih.mutes(userCache)).toBe(false);
    expect(ih.mutes({ ...workingSet, instance: '127.0.0.1:7070' })).toBe(false);
    ih.observe({ ...firing(leak), status: 'resolved' });
    expect(ih.mutes(workingSet)).toBe(false);
  });
});
