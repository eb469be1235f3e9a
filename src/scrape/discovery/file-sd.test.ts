import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { DaemonError } from '../../core/errors.js';
import { FileSdWatcher, globToRegExp, parseFileSd, type TargetGroup } from './file-sd.js';

function located(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (DaemonError.is(err)) return err.located();
    throw err;
  }
  throw new Error('expected an error');
}

describe('parseFileSd', () => {
  it('reads the JSON form Prometheus documents', () => {
    const json = JSON.stringify([
      { targets: ['10.0.0.1:9100', 'web:80'], labels: { env: 'prod', __cgroup_systemd_unit__: 'web.service' } },
      { targets: ['db:5432'] },
    ]);
    expect(parseFileSd(json, 'sd.json')).toEqual([
      { targets: ['10.0.0.1:9100', 'web:80'], labels: { env: 'prod', __cgroup_systemd_unit__: 'web.service' }, source: 'sd.json:0' },
      { targets: ['db:5432'], labels: {}, source: 'sd.json:1' },
    ]);
  });

  it('reads YAML and treats an empty file as no groups', () => {
    expect(parseFileSd('- targets: [a:1]\n  labels: { team: x }\n', 'sd.yaml')).toEqual([{ targets: ['a:1'], labels: { team: 'x' }, source: 'sd.yaml:0' }]);
    expect(parseFileSd('', 'sd.yaml')).toEqual([]);
  });

  it.each([
    ['targets: [a:1]\n', 'sd.yaml:1:1: file_sd file must be a list of target groups'],
    ['- targets: [a:1]\n  lables: {}\n', 'sd.yaml:2:3: unknown field "lables"'],
    ['- targets: [a:1, "http://b:2/x"]\n', 'sd.yaml:1:18: invalid target "http://b:2/x": want host:port'],
    ['- targets: [a:1]\n  labels: { "bad-name": x }\n', 'sd.yaml:2:13: invalid label name "bad-name"'],
    ['- targets: [a:1]\n  labels: { n: 1 }\n', 'sd.yaml:2:16: label "n" must be a string'],
    ['- targets: [a:1\n', 'sd.yaml:2:1: '],
  ])('%j → %s', (text, want) => {
    expect(located(() => parseFileSd(text, 'sd.yaml'))).toContain(want);
  });

  it('globToRegExp follows filepath.Match for one path element', () => {
    expect(globToRegExp('*.json').test('a.json')).toBe(true);
    expect(globToRegExp('*.json').test('a.yaml')).toBe(false);
    expect(globToRegExp('t?.[jy]*').test('t1.yaml')).toBe(true);
    expect(globToRegExp('a+b.json').test('a+b.json')).toBe(true);
  });
});

describe('FileSdWatcher (real files)', () => {
  let watcher: FileSdWatcher | undefined;
  afterEach(() => watcher?.stop());

  function setup(): { dir: string; clock: ManualClock; updates: TargetGroup[][]; errors: string[] } {
    const dir = mkdtempSync(join(tmpdir(), 'leaksleuth-filesd-'));
    const clock = new ManualClock(0);
    const updates: TargetGroup[][] = [];
    const errors: string[] = [];
    watcher = new FileSdWatcher({
      files: [join(dir, '*.json'), join(dir, 'missing-dir/*.yaml')],
      refreshIntervalMs: 60_000,
      clock,
      onUpdate: (g) => updates.push([...g]),
      onError: (e) => errors.push(e.located()),
    });
    return { dir, clock, updates, errors };
  }

  // Drives the manual clock and lets real fs events and reads complete, with a deadline.
  async function until(clock: ManualClock, step: number, cond: () => boolean): Promise<void> {
    for (let i = 0; i < 200 && !cond(); i++) {
      clock.advance(step);
      await sleep(10);
    }
    expect(cond()).toBe(true);
  }

  function write(path: string, text: string): void {
    // Write then rename, as deploy tools should, so a reader never sees half a file.
    writeFileSync(path + '.tmp', text);
    renameSync(path + '.tmp', path);
  }

  it('emits merged groups at start, on change, keeps last good on error, drops removed files', async () => {
    const { dir, clock, updates, errors } = setup();
    write(join(dir, 'a.json'), JSON.stringify([{ targets: ['a:1'] }]));
    write(join(dir, 'b.json'), JSON.stringify([{ targets: ['b:1'], labels: { x: 'y' } }]));
    await watcher!.start();
    expect(updates).toHaveLength(1);
    expect(updates[0]!.map((g) => g.targets[0])).toEqual(['a:1', 'b:1']);

    // fs.watch path: an edit is picked up after the debounce, well before the 60s poll.
    write(join(dir, 'a.json'), JSON.stringify([{ targets: ['a:2'] }]));
    await until(clock, 50, () => updates.length === 2);
    expect(updates[1]!.map((g) => g.targets[0])).toEqual(['a:2', 'b:1']);

    // Broken file: error reported with position, last good groups kept, nothing emitted.
    write(join(dir, 'b.json'), '[{"targets": ["b:1"], "labelz": {}}]');
    await until(clock, 50, () => errors.some((e) => e.includes('b.json:1:23: unknown field "labelz"')));
    expect(updates).toHaveLength(2);

    rmSync(join(dir, 'b.json'));
    await until(clock, 50, () => updates.length === 3);
    expect(updates[2]!.map((g) => g.targets[0])).toEqual(['a:2']);
    expect(errors.some((e) => e.includes('missing-dir'))).toBe(true);
  });

  it('the refresh poll re-reads even without fs events', async () => {
    const { dir, clock, updates } = setup();
    write(join(dir, 'a.json'), JSON.stringify([{ targets: ['a:1'] }]));
    await watcher!.start();
    // Stop fs.watch to prove the poll alone suffices (some filesystems deliver no events).
    (watcher as unknown as { watchers: Map<string, { close(): void }> }).watchers.forEach((w) => w.close());
    write(join(dir, 'a.json'), JSON.stringify([{ targets: ['a:9'] }]));
    await sleep(20);
    expect(updates).toHaveLength(1);
    await until(clock, 60_000, () => updates.length === 2);
    expect(updates[1]![0]!.targets).toEqual(['a:9']);
  });
});
