/**
 * dedupe: Alertmanager's DedupStage decision. A group is (re)sent when it is new, when an alert
 * started firing that was not in the last notification, when everything resolved after a firing
 * notification, when resolutions changed and the integration sends them, or when repeat_interval
 * has passed. The durable log makes the decision survive restarts.
 */
import { createHash } from 'node:crypto';
import type { LogEntry, NotifyLog } from './nflog.js';
import type { Stage, StageContext } from './stage.js';
import type { NotifyAlert } from './types.js';

/** needsUpdate is the pure decision, given the last log entry and the current fingerprints. */
export function needsUpdate(
  entry: LogEntry | undefined,
  firing: ReadonlySet<string>,
  resolved: ReadonlySet<string>,
  sendResolved: boolean,
  repeatInterval: number,
  at: number,
): boolean {
  if (!entry) return firing.size > 0;
  // A newly firing alert is always news; an alert that stopped firing alone is not (see below).
  if ([...firing].some((fp) => !entry.firing.includes(fp))) return true;
  if (firing.size === 0) {
    // Alerts that fired and resolved between two flushes were never announced; nothing to clear.
    return entry.firing.length > 0;
  }
  if (sendResolved && ![...resolved].every((fp) => entry.resolved.includes(fp))) return true;
  // Strictly before, as Alertmanager's `entry.Timestamp.Before(now.Add(-repeat))`.
  return entry.at < at - repeatInterval;
}

/** integrationKey names one group+receiver+integration, the unit of the notification log. */
export function integrationKey(ctx: Pick<StageContext, 'groupKey' | 'receiver' | 'integrationIndex' | 'integration'>): string {
  return `${ctx.groupKey}|${ctx.receiver}|${ctx.integration.kind}/${ctx.integrationIndex}`;
}

/** dedupeKey adds the alert state, so one state of one group is delivered once per repeat. */
export function dedupeKey(key: string, firing: readonly string[], resolved: readonly string[]): string {
  return createHash('sha256').update(`${key}\n${firing.join(',')}\n${resolved.join(',')}`).digest('hex').slice(0, 24);
}

/** splitByStatus returns sorted firing and resolved fingerprints. */
export function splitByStatus(alerts: readonly NotifyAlert[]): { firing: string[]; resolved: string[] } {
  const firing: string[] = [];
  const resolved: string[] = [];
  for (const a of alerts) (a.status === 'firing' ? firing : resolved).push(a.fingerprint);
  return { firing: firing.sort(), resolved: resolved.sort() };
}

/**
 * dedupeStage passes the alerts on only when a notification is due and not already queued.
 * A group with no log entry under its key may have one under the key an older version wrote
 * (ctx.legacyGroupKey): that entry is adopted, and an intent still queued under it counts as
 * queued, so upgrading does not page again for something already sent.
 */
export function dedupeStage(log: NotifyLog): Stage {
  return async (ctx, alerts) => {
    const key = integrationKey(ctx);
    const { firing, resolved } = splitByStatus(alerts);
    const dk = dedupeKey(key, firing, resolved);
    if (log.pendingFor(key).some((i) => i.dedupeKey === dk)) return [];
    let entry = log.entry(key);
    if (!entry && ctx.legacyGroupKey !== undefined && ctx.legacyGroupKey !== ctx.groupKey) {
      const legacy = integrationKey({ ...ctx, groupKey: ctx.legacyGroupKey });
      const queued = log.pendingFor(legacy);
      const ldk = dedupeKey(legacy, firing, resolved);
      if (queued.some((i) => i.dedupeKey === ldk)) return [];
      // While an old intent is still being delivered its completion lands on the old key: read, do not adopt yet.
      entry = queued.length > 0 ? log.entry(legacy) : log.adopt(key, legacy);
    }
    const ok = needsUpdate(entry, new Set(firing), new Set(resolved), ctx.integration.sendResolved, ctx.repeatInterval, ctx.at);
    return ok ? alerts : [];
  };
}
