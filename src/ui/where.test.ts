import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../model/finding.js';
import * as diagnoses from './diagnoses.js';
import * as dom from './dom.js';
import { FakeDoc, FakeEl } from './fake.js';
import * as format from './format.js';
import type { Kit } from './kit.js';

const k: Kit = { ...format, ...dom };
const NOW = Date.parse('2026-01-01T12:00:00Z');

describe('status page: the where of a finding', () => {
  it('lists pprof lines under "Where (pprof)" as text (a hostile function name stays text)', () => {
    const d: Diagnosis = {
      target: 'api/127.0.0.1:6060',
      at: NOW,
      verdict: 'goroutine_leak',
      confidence: 0.9,
      findings: [
        {
          verdict: 'goroutine_leak',
          confidence: 0.9,
          window: { start: NOW - 3_600_000, end: NOW },
          evidence: [],
          explanation: 'Goroutines pile up.',
          recommendations: [],
          where: [
            { kind: 'goroutine', function: 'rpc.(*Client).awaitReply', file: '/src/rpc/client.go', line: 88, text: '1,200 goroutines blocked in `rpc.(*Client).awaitReply` (client.go:88), +3/s', frames: [], count: 1200, delta: 600, perSecond: 3 },
            { kind: 'goroutine', function: '<img src=x>', file: '', line: 0, text: '2 goroutines blocked in `<img src=x>`, +1/s', frames: [] },
          ],
        },
      ],
    };
    const root = new FakeEl('div');
    for (const n of diagnoses.renderDiagnoses(k, new FakeDoc(), JSON.parse(JSON.stringify({ data: { diagnoses: [d] } })), NOW)) root.appendChild(n as FakeEl);
    expect(root.byTag('h4').map((h) => h.textContent)).toContain('Where (pprof)');
    const items = root.byClass('where')[0]!.byTag('li');
    expect(items.map((li) => li.textContent)).toEqual(['1,200 goroutines blocked in `rpc.(*Client).awaitReply` (client.go:88), +3/s', '2 goroutines blocked in `<img src=x>`, +1/s']);
    // The card's own chart is an <img>; the hostile name must not have made one inside the list.
    expect(root.byClass('where')[0]!.byTag('img')).toEqual([]);
  });
});
