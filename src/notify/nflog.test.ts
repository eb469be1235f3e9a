import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOG_RETENTION_MS, NotifyLog, type Intent } from './nflog.js';

const intent = (id: string, key = 'k'): Intent => ({
  id,
  key,
  dedupeKey: `d-${id}`,
  receiver: 'r',
  integrationIndex: 0,
  createdAt: 1,
  firing: ['f1'],
  resolved: [],
  notification: { receiver: 'r', status: 'firing', alerts: [], groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: '', groupKey: 'g', truncatedAlerts: 0 },
});

describe('NotifyLog', () => {
  it('survives reopen with pending intents, entries and threads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nflog-'));
    const a = new NotifyLog(dir);
    a.enqueue(intent('1'));
    a.enqueue(intent('2', 'k2'));
    a.complete(intent('1'), 100);
    a.setThread('k', { channel: 'C', ts: '1.2' });
    a.close();
    const b = new NotifyLog(dir);
    expect(b.pending().map((i) => i.id)).toEqual(['2']);
    expect(b.entry('k')).toEqual({ key: 'k', at: 100, firing: ['f1'], resolved: [] });
    expect(b.thread('k')).toEqual({ channel: 'C', ts: '1.2' });
  });

  it('drops a torn last line left by a crash mid-append', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nflog-'));
    const a = new NotifyLog(dir);
    a.enqueue(intent('1'));
    a.close();
    appendFileSync(join(dir, 'notify', 'log.jsonl'), '{"t":"done","id":"1","a');
    const b = new NotifyLog(dir);
    expect(b.tornRecords).toBe(1);
    expect(b.pending().map((i) => i.id)).toEqual(['1']);
    b.enqueue(intent('3'));
    b.close();
    expect(new NotifyLog(dir).pending().map((i) => i.id)).toEqual(['1', '3']);
  });

  it('compacts to live state and forgets entries past the retention', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nflog-'));
    const a = new NotifyLog(dir);
    for (let i = 0; i < 50; i++) {
      a.enqueue(intent(String(i), `k${i % 5}`));
      a.complete(intent(String(i), `k${i % 5}`), i);
    }
    a.enqueue(intent('live'));
    a.complete(intent('x', 'fresh'), LOG_RETENTION_MS + 100);
    a.compact(LOG_RETENTION_MS + 100);
    const lines = readFileSync(join(dir, 'notify', 'log.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2); // the fresh entry and the live intent
    a.enqueue(intent('after'));
    a.close();
    const b = new NotifyLog(dir);
    expect(b.pending().map((i) => i.id)).toEqual(['live', 'after']);
    expect(b.entry('fresh')).toBeDefined();
    expect(b.entry('k1')).toBeUndefined();
  });
});
