import { describe, expect, it } from 'vitest';
import { createLogger } from './log.js';

describe('logger', () => {
  it('writes one ts format on every line, whatever the fields are called', () => {
    const lines: string[] = [];
    const log = createLogger('info', (l) => lines.push(l), {}, () => Date.parse('2026-01-02T03:04:05.678Z'));
    log.info('a', { ts: 1767323045678, x: 1 });
    log.child({ ts: 'thread 1.2', level: 'x' }).warn('b', { msg: 'inner' });
    const recs = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(recs[0]).toEqual({ ts: '2026-01-02T03:04:05.678Z', level: 'info', msg: 'a', ts_field: 1767323045678, x: 1 });
    expect(recs[1]).toEqual({ ts: '2026-01-02T03:04:05.678Z', level: 'warn', msg: 'b', ts_field: 'thread 1.2', level_field: 'x', msg_field: 'inner' });
  });
});
