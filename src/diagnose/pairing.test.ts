/**
 * pairing: one rule set pairs a Go target with its container, and `diagnose` (a recording), the
 * store-backed diagnosis (the daemon, replay) and the datasource mirror all apply it.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { MemoryStore } from '../store/memory.js';
import { readRecording } from '../scrape/exposition/recording.js';
import { loadCorpus } from './corpus.js';
import { diagnose, diagnoseTarget } from './diagnose.js';
import { pairContainers, relabelPairedContainers } from './pairing.js';
import { readRecordingText } from './recording-file.js';
import { windowFromRecording } from './recording.js';

/** text renders series as Prometheus text with millisecond timestamps (the lenient reader's input). */
function text(series: ReadonlyArray<{ labels: Record<string, string>; t: ArrayLike<number>; v: ArrayLike<number> }>): string {
  const lines: string[] = [];
  for (const s of series) {
    const { __name__: name, ...rest } = s.labels;
    const l = Object.entries(rest).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',');
    for (let i = 0; i < s.t.length; i++) lines.push(`${name}{${l}} ${s.v[i]} ${s.t[i]}`);
  }
  return lines.join('\n') + '\n';
}

const api = { job: 'k8s-api', instance: '10.1.2.3:8080', labels: { job: 'k8s-api', instance: '10.1.2.3:8080', namespace: 'prod', pod: 'api-0', container: 'api' } };
const kubelet = { job: 'kubelet', instance: 'node-1' };

describe('pairContainers', () => {
  it('prefers the container that carries the target own job and instance', () => {
    const p = pairContainers([api], [{ ...kubelet, namespace: 'prod', pod: 'api-0', container: 'api', id: '/k/a' }, { job: 'k8s-api', instance: '10.1.2.3:8080', id: '/own' }]);
    expect(p.get('k8s-api\u000010.1.2.3:8080')).toEqual({ job: 'k8s-api', instance: '10.1.2.3:8080', id: '/own' });
  });
  it('pairs cAdvisor series (kubelet job/instance) on pod and container, not the pod-level cgroup or the sandbox', () => {
    const p = pairContainers([api], [
      { ...kubelet, namespace: 'prod', pod: 'api-0', id: '/kubepods/pod1' },
      { ...kubelet, namespace: 'prod', pod: 'api-0', container: 'POD', id: '/kubepods/pod1/pause' },
      { ...kubelet, namespace: 'prod', pod: 'api-0', container: 'api', id: '/kubepods/pod1/c1' },
      { ...kubelet, namespace: 'prod', pod: 'web-0', container: 'web', id: '/kubepods/pod2/c1' },
    ]);
    expect(p.get('k8s-api\u000010.1.2.3:8080')?.['id']).toBe('/kubepods/pod1/c1');
  });
  it('a label both carry that differs rules a container out; namespace alone pairs nothing', () => {
    expect(pairContainers([api], [{ ...kubelet, namespace: 'prod', pod: 'api-1', container: 'api' }, { ...kubelet, namespace: 'dev', pod: 'x' }]).size).toBe(0);
    const t = { job: 'a', instance: 'b', labels: { job: 'a', instance: 'b', namespace: 'prod' } };
    expect(pairContainers([t, api], [{ ...kubelet, namespace: 'prod', id: '/x' }]).has('a\u0000b')).toBe(false);
  });
  it('configured labels must all match; the only target and the only container pair without labels', () => {
    expect(pairContainers([api], [{ ...kubelet, namespace: 'prod', pod: 'api-0', container: 'api' }], ['namespace', 'pod', 'container']).size).toBe(1);
    expect(pairContainers([api], [{ ...kubelet, namespace: 'prod', pod: 'api-0' }, { ...kubelet, pod: 'zzz' }], ['namespace', 'pod', 'container']).size).toBe(0);
    const plain = { job: 'svc', instance: 'h:1', labels: { job: 'svc', instance: 'h:1' } };
    expect(pairContainers([plain], [{ ...kubelet, id: '/c', container: 'svc' }]).get('svc\u0000h:1')?.['id']).toBe('/c');
    expect(pairContainers([plain, api], [{ ...kubelet, id: '/c', container: 'svc' }]).has('svc\u0000h:1')).toBe(false);
  });
});

describe('the same pairing in diagnose, replay and the daemon', () => {
  // the page_cache recording as a Kubernetes node shows it: the container's series come from the
  // kubelet's cAdvisor (its job and instance, the container's id/container/pod labels)
  const dir = fileURLToPath(new URL('../../test/fixtures/diagnose', import.meta.url));
  const sc = loadCorpus(dir).find((s) => s.meta.scenario === 'page_cache')!;
  const series = readRecording(readRecordingText(join(dir, 'page_cache', 'recording.om.gz'))).map((s) => {
    const name = s.labels['__name__']!;
    if (!name.startsWith('container_') && !name.startsWith('cgroup_')) return s;
    return { ...s, labels: { ...s.labels, ...kubelet, container: 'svc', pod: 'svc-0' } };
  });
  const target = { job: sc.meta.job, instance: sc.meta.instance };

  it('diagnose on the recording, and the store the daemon and replay read, give the same verdict', () => {
    const fromRecording = diagnose(windowFromRecording(text(series)));
    const store = new MemoryStore({ rawRetentionMs: 24 * 3_600_000 });
    for (const s of series) for (let i = 0; i < s.t.length; i++) store.append(s.labels, s.t[i]!, s.v[i]!);
    const end = Math.max(...series.map((s) => s.t[s.t.length - 1]!));
    const fromStore = diagnoseTarget(store, target, end);
    const replayed = new MemoryStore({ rawRetentionMs: 24 * 3_600_000 });
    for (const s of relabelPairedContainers(series)) for (let i = 0; i < s.t.length; i++) replayed.append(s.labels, s.t[i]!, s.v[i]!);
    const fromReplay = diagnoseTarget(replayed, target, end);
    expect(fromRecording.verdict).toBe('page_cache');
    expect(fromStore.verdict).toBe('page_cache');
    expect(fromReplay.verdict).toBe('page_cache');
    expect(fromStore.findings.map((f) => [f.verdict, f.confidence])).toEqual(fromRecording.findings.map((f) => [f.verdict, f.confidence]));
    expect(fromReplay.findings.map((f) => [f.verdict, f.confidence])).toEqual(fromRecording.findings.map((f) => [f.verdict, f.confidence]));
  });
});
