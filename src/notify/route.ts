/**
 * route: walking Alertmanager's routing tree. An alert descends into the first matching child
 * (and further siblings when that child has `continue: true`); when no child matches, the node
 * itself takes the alert. Group keys are `<route key>:<group labels>` as in dispatch.go.
 */
import type { Labels } from '../model/labels.js';
import { matchesAll } from '../model/matcher.js';
import { labelSetString } from './fingerprint.js';
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

/** groupKey is the aggregation group's identity, e.g. `{}/{severity="critical"}:{alertname="X"}`. */
export function groupKey(route: Route, gl: Labels): string {
  return `${route.key}:${labelSetString(gl)}`;
}
