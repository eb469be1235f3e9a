import { describe, expect, it } from 'vitest';
import { nextGuardState, startMemoryGuard } from './memory-guard.js';

describe('nextGuardState', () => {
  const open = { exceeded: false, rss: 0 };
  it('closes above the budget and reopens only under 90 % of it', () => {
    let s = nextGuardState(open, 100, 100);
    expect(s.exceeded).toBe(false);
    s = nextGuardState(s, 101, 100);
    expect(s.exceeded).toBe(true);
    s = nextGuardState(s, 95, 100);
    expect(s.exceeded).toBe(true);
    s = nextGuardState(s, 89, 100);
    expect(s.exceeded).toBe(false);
  });
  it('never closes without a budget', () => {
    expect(nextGuardState({ exceeded: true, rss: 5 }, 1e12, 0).exceeded).toBe(false);
  });
});

describe('startMemoryGuard', () => {
  it('reports each change once and applies a new budget on the next reading', () => {
    let rss = 50;
    const changes: boolean[] = [];
    const g = startMemoryGuard({ budget: 100, everyMs: 3_600_000, rss: () => rss, onChange: (s) => changes.push(s.exceeded) });
    g.check();
    rss = 150;
    g.check();
    g.check();
    expect(g.exceeded).toBe(true);
    g.setBudget(1000);
    g.check();
    expect(g.exceeded).toBe(false);
    expect(g.budget).toBe(1000);
    expect(changes).toEqual([true, false]);
    g.stop();
  });
});
