import { describe, expect, it } from 'vitest';
import { needsUpdate } from './dedupe.js';
import type { LogEntry } from './nflog.js';

const H = 3600_000;
const entry = (firing: string[], resolved: string[], at = 0): LogEntry => ({ key: 'k', at, firing, resolved });
const set = (...xs: string[]): Set<string> => new Set(xs);

describe('needsUpdate (Alertmanager DedupStage)', () => {
  const table: Array<[string, LogEntry | undefined, Set<string>, Set<string>, boolean, number, boolean]> = [
    ['new group with firing alerts', undefined, set('a'), set(), false, 1000, true],
    ['new group with only resolved alerts', undefined, set(), set('a'), true, 1000, false],
    ['nothing changed, before repeat', entry(['a'], []), set('a'), set(), false, H, false],
    ['nothing changed, exactly repeat_interval later', entry(['a'], []), set('a'), set(), false, 4 * H, false],
    ['nothing changed, repeat_interval passed', entry(['a'], []), set('a'), set(), false, 4 * H + 1, true],
    ['new alert joined the group', entry(['a'], []), set('a', 'b'), set(), false, 1000, true],
    ['one of two resolved, send_resolved=false', entry(['a', 'b'], []), set('a'), set('b'), false, 1000, false],
    ['one of two resolved, send_resolved=true', entry(['a', 'b'], []), set('a'), set('b'), true, 1000, true],
    ['all resolved after a firing notification (any send_resolved)', entry(['a'], []), set(), set('a'), false, 1000, true],
    ['fired and resolved between flushes', entry([], ['a']), set(), set('b'), true, 1000, false],
    ['resolution already announced', entry(['a'], ['b']), set('a'), set('b'), true, 1000, false],
  ];
  for (const [name, e, firing, resolved, sendResolved, at, want] of table) {
    it(name, () => {
      expect(needsUpdate(e, firing, resolved, sendResolved, 4 * H, at)).toBe(want);
    });
  }
});
