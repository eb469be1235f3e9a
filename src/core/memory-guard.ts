/**
 * memory-guard: watches the daemon's own resident memory against `storage.memory_budget` and says
 * when to stop taking in new series. Over budget, the store refuses new series (existing ones keep
 * their samples, so no rule loses the series it watches); back under 90 % of the budget, new series
 * are taken again. The gap keeps the gate from flapping at the edge. The transition is a pure
 * function; `startMemoryGuard` only samples RSS on a timer.
 */

/** GuardState is the guard's memory of the last reading. */
export interface GuardState {
  readonly exceeded: boolean;
  readonly rss: number;
}

/** RESUME_SHARE: below this share of the budget an exceeded guard opens again. */
export const RESUME_SHARE = 0.9;

/** nextGuardState is the transition on one RSS reading; budget 0 disables the guard. */
export function nextGuardState(prev: GuardState, rss: number, budget: number): GuardState {
  if (budget <= 0) return { exceeded: false, rss };
  if (prev.exceeded) return { exceeded: rss >= budget * RESUME_SHARE, rss };
  return { exceeded: rss > budget, rss };
}

/** MemoryGuard is a running guard. */
export interface MemoryGuard {
  readonly exceeded: boolean;
  readonly budget: number;
  /** setBudget changes the budget (a reload); the next reading applies it. */
  setBudget(bytes: number): void;
  /** check takes one reading now (the timer calls it too). */
  check(): void;
  stop(): void;
}

/** GuardOptions wire the guard to its readings and its reports. */
export interface GuardOptions {
  readonly budget: number;
  readonly everyMs: number;
  readonly rss: () => number;
  readonly onChange: (state: GuardState, budget: number) => void;
}

/** startMemoryGuard samples RSS every `everyMs` and reports each change of state. */
export function startMemoryGuard(o: GuardOptions): MemoryGuard {
  let state: GuardState = { exceeded: false, rss: 0 };
  let budget = o.budget;
  const check = (): void => {
    const next = nextGuardState(state, o.rss(), budget);
    const changed = next.exceeded !== state.exceeded;
    state = next;
    if (changed) o.onChange(state, budget);
  };
  const timer = setInterval(check, o.everyMs);
  timer.unref();
  return {
    get exceeded() {
      return state.exceeded;
    },
    get budget() {
      return budget;
    },
    setBudget(bytes: number) {
      budget = bytes;
    },
    check,
    stop: () => clearInterval(timer),
  };
}
