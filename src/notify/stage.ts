/**
 * stage: the one function type every step of the notify pipeline implements (route → group →
 * inhibit → silence → dedupe → retry), after Alertmanager's `Stage.Exec`. A stage receives the
 * alerts that survived the previous one and returns those that go on; an empty result stops the chain.
 */
import type { IntegrationConfig, NotifyAlert } from './types.js';

/** StageContext carries what a stage may need to know about the flush it is part of. */
export interface StageContext {
  /** at is the flush time (ms since epoch); stages never read the clock themselves. */
  readonly at: number;
  readonly groupKey: string;
  /** legacyGroupKey is the key an older version logged this group under (read once after an upgrade). */
  readonly legacyGroupKey?: string;
  readonly groupLabels: Readonly<Record<string, string>>;
  readonly receiver: string;
  readonly integration: IntegrationConfig;
  /** integrationIndex tells integrations of one receiver apart in keys and logs. */
  readonly integrationIndex: number;
  readonly repeatInterval: number;
}

/** Stage is one step of the pipeline. */
export type Stage = (ctx: StageContext, alerts: readonly NotifyAlert[]) => Promise<readonly NotifyAlert[]>;

/** runStages applies stages in order, stopping early once no alerts remain. */
export async function runStages(
  stages: readonly Stage[],
  ctx: StageContext,
  alerts: readonly NotifyAlert[],
): Promise<readonly NotifyAlert[]> {
  let cur = alerts;
  for (const s of stages) {
    if (cur.length === 0) break;
    cur = await s(ctx, cur);
  }
  return cur;
}

/** Muter is what silences and inhibitions share: does this label set stay quiet at `at`? */
export interface Muter {
  mutes(labels: Readonly<Record<string, string>>, at: number): boolean;
}

/** muteStage drops alerts a Muter silences (used for both inhibit and silence steps). */
export function muteStage(m: Muter): Stage {
  return async (ctx, alerts) => alerts.filter((a) => !m.mutes(a.labels, ctx.at));
}
