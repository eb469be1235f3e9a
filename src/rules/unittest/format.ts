/**
 * format: Go's string renderings that promtool's messages contain — model.Duration (`5m`),
 * time.Duration (`5m0s`), labels.Labels (`{a="1", b="2"}`), `%E` floats — so our failure output
 * reads like promtool's.
 */
import { formatDuration } from '../../model/duration.js';
import { formatLabels, type Labels } from '../../model/labels.js';
import { goFloatE } from '../api.js';

/** goDuration renders ms as model.Duration (`model` true: `1h30m`) or time.Duration (`1h30m0s`). */
export function goDuration(ms: number, model: boolean): string {
  if (model) return formatDuration(ms);
  if (ms === 0) return '0s';
  const h = Math.floor(ms / 3600_000);
  const m = Math.floor((ms % 3600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  if (ms < 1000) return `${ms}ms`;
  return `${s}s`;
}

/** goFloatUpperE is strconv.FormatFloat(v, 'E', -1, 64). */
export function goFloatUpperE(v: number): string {
  return goFloatE(v).toUpperCase().replace('INF', 'Inf').replace('NAN', 'NaN');
}

/** goLabels renders labels as Go's labels.Labels.String(). */
export function goLabels(l: Labels): string {
  return formatLabels(l);
}

/** indentLines prefixes every line but the first with `indent`, as promtool's helper does. */
export function indentLines(lines: string, indent: string): string {
  return lines.split('\n').join('\n' + indent);
}
