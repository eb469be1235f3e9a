import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SilenceStore, type PostableSilence } from './silence.js';

const T0 = Date.parse('2026-11-22T00:00:00Z');
const iso = (ms: number): string => new Date(ms).toISOString();
const dir = (): string => mkdtempSync(join(tmpdir(), 'silence-'));
const post = (o: Partial<PostableSilence> = {}): PostableSilence => ({
  matchers: [{ name: 'alertname', value: 'GoHeapGrowing', isRegex: false, isEqual: true }],
  startsAt: iso(T0),
  endsAt: iso(T0 + 3600_000),
  createdBy: 'alice',
  comment: 'deploy in progress',
  ...o,
});

describe('SilenceStore', () => {
  it('creates, mutes while active, and expires', () => {
    const s = new SilenceStore(dir());
    const { silenceID } = s.create(post(), T0);
    expect(s.mutes({ alertname: 'GoHeapGrowing', instance: 'a' }, T0 + 1)).toBe(true);
    expect(s.mutes({ alertname: 'Other' }, T0 + 1)).toBe(false);
    expect(s.get(silenceID, T0).status.state).toBe('active');
    s.expire(silenceID, T0 + 60_000);
    expect(s.mutes({ alertname: 'GoHeapGrowing' }, T0 + 60_001)).toBe(false);
    const g = s.get(silenceID, T0 + 60_001);
    expect(g.status.state).toBe('expired');
    expect(g.endsAt).toBe(iso(T0 + 60_000));
    expect(() => s.expire(silenceID, T0 + 70_000)).toThrow(/already expired/);
  });

  it('is pending before startsAt and expiring a pending silence ends it at once', () => {
    const s = new SilenceStore(dir());
    const { silenceID } = s.create(post({ startsAt: iso(T0 + 600_000) }), T0);
    expect(s.get(silenceID, T0).status.state).toBe('pending');
    expect(s.mutes({ alertname: 'GoHeapGrowing' }, T0)).toBe(false);
    s.expire(silenceID, T0 + 1000);
    const g = s.get(silenceID, T0 + 1000);
    expect([g.startsAt, g.endsAt]).toEqual([iso(T0 + 1000), iso(T0 + 1000)]);
  });

  it('matches regex and negative matchers like Alertmanager', () => {
    const s = new SilenceStore(dir());
    s.create(
      post({
        matchers: [
          { name: 'job', value: 'api|web', isRegex: true, isEqual: true },
          { name: 'env', value: 'prod', isRegex: false, isEqual: false },
        ],
      }),
      T0,
    );
    expect(s.mutes({ job: 'api', env: 'staging' }, T0)).toBe(true);
    expect(s.mutes({ job: 'api-2', env: 'staging' }, T0)).toBe(false);
    expect(s.mutes({ job: 'web', env: 'prod' }, T0)).toBe(false);
  });

  it('validates like the v2 API', () => {
    const s = new SilenceStore(dir());
    expect(() => s.create(post({ matchers: [] }), T0)).toThrow(/at least one matcher/);
    expect(() => s.create(post({ matchers: [{ name: 'a', value: '.*', isRegex: true, isEqual: true }] }), T0)).toThrow(/must not match the empty string/);
    expect(() => s.create(post({ endsAt: iso(T0 - 1000), startsAt: iso(T0 - 2000) }), T0)).toThrow(/in the past/);
    expect(() => s.create(post({ endsAt: iso(T0) }), T0)).toThrow(/start time must be before end time/);
    expect(() => s.create(post({ comment: '' }), T0)).toThrow(/comment/);
    expect(() => s.create(post({ id: 'nope' }), T0)).toThrow(/not found/);
  });

  it('updates in place when only the end moves, and replaces when matchers change', () => {
    const s = new SilenceStore(dir());
    const { silenceID } = s.create(post(), T0);
    const same = s.create(post({ id: silenceID, endsAt: iso(T0 + 7200_000) }), T0 + 1000);
    expect(same.silenceID).toBe(silenceID);
    const other = s.create(post({ id: silenceID, matchers: [{ name: 'alertname', value: 'X', isRegex: false, isEqual: true }] }), T0 + 2000);
    expect(other.silenceID).not.toBe(silenceID);
    expect(s.get(silenceID, T0 + 2000).status.state).toBe('expired');
  });

  it('persists across restarts and lists active, pending, then expired', () => {
    const d = dir();
    const s = new SilenceStore(d);
    const a = s.create(post(), T0).silenceID;
    const p = s.create(post({ startsAt: iso(T0 + 600_000), endsAt: iso(T0 + 900_000) }), T0).silenceID;
    const e = s.create(post(), T0).silenceID;
    s.expire(e, T0 + 10);
    const again = new SilenceStore(d);
    expect(again.list(T0 + 20).map((x) => [x.id, x.status.state])).toEqual([
      [a, 'active'],
      [p, 'pending'],
      [e, 'expired'],
    ]);
    expect(again.mutes({ alertname: 'GoHeapGrowing' }, T0 + 20)).toBe(true);
  });
});
