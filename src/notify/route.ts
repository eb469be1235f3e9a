/**
 * route: walking Alertmanager's routing tree. An alert descends into the first matching child
 * (and further siblings when that child has `continue: true`); when no child matches, the node
 * itself takes the alert. Group keys are `<route key>:<group labels>` as in dispatch.go; the
 * aggregation group itself is per route node (route id), so siblings with equal matchers, which
 * share a route key, still keep separate groups and each notify their receiver.
 */
import type { Labels } from '../model/labels.js';
import { matchesAll } from '../model/matcher.js';
import { labelSetString, legacyLabelSetString } from './fingerprint.js';
import type { Route, RouteOpts } from './types.js';

/** matchRoutes returns every route that takes the alert, depth first, as Route.Match does. */
export function matchRoutes(route: Route, labels: Labels): Route[] {
  if (!matchesAll(labels, route.matchers)) return [];
  const all: Route[] = [];
  for (const child of route.routes) {
    const found = matchRoutes(child, labels);
    all.push(...found);
    if (found.length > 0 && !child.continue) break;
  }
  if (all.length === 0) all.push(route);
  return all;
}

/** groupLabels picks the labels the route groups by (all of them for `...`). */
export function groupLabels(opts: RouteOpts, labels: Labels): Labels {
  if (opts.groupByAll) return labels;
  const out: Record<string, string> = {};
  for (const k of opts.groupBy) {
    const v = labels[k];
    if (v !== undefined && v !== '') out[k] = v;
  }
  return out;
}

/** groupKey is Alertmanager's group key, e.g. `{}/{severity="critical"}:{alertname="X"}` (webhooks, notification log). */
export function groupKey(route: Route, gl: Labels): string {
  return `${route.key}:${labelSetString(gl)}`;
}

/** groupId identifies an aggregation group: the route node plus the group labels. */
export function groupId(route: Route, gl: Labels): string {
  return `${route.id}:${labelSetString(gl)}`;
}

/**
 * legacyGroupKey is the group key an older leaksleuth wrote into the notification log (matchers in
 * config order, JSON-quoted labels). The dedupe stage reads entries under it after an upgrade.
 */
export function legacyGroupKey(route: Route, gl: Labels): string {
  return `${route.legacyKey}:${legacyLabelSetString(gl)}`;
}
