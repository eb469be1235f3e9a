/**
 * svg: draws a ChartInput as a standalone SVG — our own code, no chart library — sized and lettered
 * to stay readable in Slack's image preview (about 360 px wide on a phone): big labels, few ticks,
 * colour-blind-safe colours, dashed fit and limit lines, a legend under the plot.
 */
import { formatTime, humanizeBytes, humanizeNumber, humanizeDuration } from '../template/format.js';
import type { ChartInput, ChartPoint } from './types.js';

/** PALETTE is the Okabe–Ito set, distinguishable with the common colour-vision deficiencies. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000'];

/** ChartSize is the SVG canvas in user units (pixels at scale 1). */
export interface ChartSize {
  readonly width: number;
  readonly height: number;
}

const M = { left: 110, right: 30, top: 56, bottom: 0 };
const FONT = 'DejaVu Sans';

/** renderSvg returns the SVG document for the chart. */
export function renderSvg(input: ChartInput, size: ChartSize = { width: 960, height: 500 }): string {
  const legendRows = Math.ceil((input.series.length + (input.fit ? 1 : 0) + (input.limit ? 1 : 0)) / 2);
  const bottom = 46 + legendRows * 28;
  const pw = size.width - M.left - M.right;
  const ph = size.height - M.top - bottom;
  const pts = input.series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.v));
  // Counts, bytes and durations cannot go below zero: a trend line projected past zero is cut
  // there, and the axis starts at 0 instead of showing negative goroutines.
  const nonNegative = input.unit !== 'ratio';
  const fit = input.fit && nonNegative ? clipAtZero(input.fit) : input.fit;
  const fitPts = fit ? [fit.from, fit.to] : [];
  const ts = [...pts, ...fitPts].map((p) => p.t);
  const vs = [...pts.map((p) => p.v), ...(input.limit ? [input.limit.value] : []), ...fitPts.map((p) => p.v)];
  const t0 = ts.length ? Math.min(...ts) : 0;
  const t1 = ts.length ? Math.max(...ts) : 1;
  const lo = vs.length ? Math.min(0, ...vs) : 0;
  let [y0, y1, step] = niceRange(nonNegative ? Math.max(0, lo) : lo, vs.length ? Math.max(...vs) * 1.04 : 1, 5, input.unit === 'bytes');
  if (nonNegative) y0 = Math.max(0, y0);
  // A count has whole ticks: no "0.5 goroutines".
  if (input.unit === 'count' && step < 1) {
    step = 1;
    y1 = Math.max(1, Math.ceil(y1));
  }
  const x = (t: number): number => M.left + (t1 === t0 ? pw / 2 : ((t - t0) / (t1 - t0)) * pw);
  const y = (v: number): number => M.top + ph - ((v - y0) / (y1 - y0)) * ph;
  const fmt = tickFormatter(input.unit);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}" viewBox="0 0 ${size.width} ${size.height}" font-family="${FONT}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${M.left}" y="34" font-size="24" font-weight="bold" fill="#1d1d1d">${esc(input.title)}</text>`,
  );
  for (let v = y0; v <= y1 + step / 2; v += step) {
    const yy = y(v).toFixed(1);
    out.push(`<line x1="${M.left}" x2="${M.left + pw}" y1="${yy}" y2="${yy}" stroke="#e3e3e3" stroke-width="1"/>`);
    out.push(`<text x="${M.left - 10}" y="${yy}" font-size="18" text-anchor="end" dominant-baseline="middle" fill="#444">${esc(fmt(v))}</text>`);
  }
  const xticks = 4;
  for (let i = 0; i <= xticks; i++) {
    const t = t0 + ((t1 - t0) * i) / xticks;
    const label = formatTime(t).slice(11, 16);
    const anchor = i === 0 ? 'start' : i === xticks ? 'end' : 'middle';
    out.push(`<text x="${x(t).toFixed(1)}" y="${M.top + ph + 26}" font-size="18" text-anchor="${anchor}" fill="#444">${label}</text>`);
  }
  out.push(`<line x1="${M.left}" x2="${M.left + pw}" y1="${M.top + ph}" y2="${M.top + ph}" stroke="#888" stroke-width="1.5"/>`);
  const legend: Array<{ name: string; color: string; dash: boolean }> = [];
  // The first series (usage, the one the limit applies to) is drawn last, on top, and thinnest;
  // each series under it is wider, so lines that coincide (usage and RSS often do) all stay visible.
  const paths: string[] = [];
  input.series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    const d = thin(s.points.filter((p) => Number.isFinite(p.v)), pw)
      .map((p, j) => `${j === 0 ? 'M' : 'L'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`)
      .join('');
    const width = Math.min(9, 3 + 2 * i);
    if (d) paths.unshift(`<path d="${d}" fill="none" stroke="${color}" stroke-width="${width}" stroke-linejoin="round" data-series="${esc(s.name)}"/>`);
    legend.push({ name: s.name, color, dash: false });
  });
  out.push(...paths);
  if (fit) {
    const { from, to } = fit;
    out.push(`<line x1="${x(from.t).toFixed(1)}" y1="${y(from.v).toFixed(1)}" x2="${x(to.t).toFixed(1)}" y2="${y(to.v).toFixed(1)}" stroke="#555" stroke-width="2.5" stroke-dasharray="10 6"/>`);
    legend.push({ name: fit.name, color: '#555', dash: true });
  }
  if (input.limit) {
    const yy = y(input.limit.value).toFixed(1);
    out.push(`<line x1="${M.left}" x2="${M.left + pw}" y1="${yy}" y2="${yy}" stroke="#C00000" stroke-width="2.5" stroke-dasharray="4 4"/>`);
    legend.push({ name: `${input.limit.name} (${fmt(input.limit.value)})`, color: '#C00000', dash: true });
  }
  legend.forEach((l, i) => {
    const lx = M.left + (i % 2) * (pw / 2);
    const ly = M.top + ph + 56 + Math.floor(i / 2) * 28;
    out.push(`<line x1="${lx}" x2="${lx + 30}" y1="${ly - 6}" y2="${ly - 6}" stroke="${l.color}" stroke-width="4"${l.dash ? ' stroke-dasharray="8 4"' : ''}/>`);
    out.push(`<text x="${lx + 40}" y="${ly}" font-size="18" fill="#1d1d1d">${esc(l.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}

/** clipAtZero cuts a fitted line where it crosses zero, keeping the part at or above it. */
export function clipAtZero(fit: NonNullable<ChartInput['fit']>): NonNullable<ChartInput['fit']> {
  const { from, to } = fit;
  if (from.v >= 0 && to.v >= 0) return fit;
  if (from.v < 0 && to.v < 0) return { ...fit, from: { t: from.t, v: 0 }, to: { t: to.t, v: 0 } };
  const tz = from.t + ((0 - from.v) / (to.v - from.v)) * (to.t - from.t);
  return from.v < 0 ? { ...fit, from: { t: tz, v: 0 } } : { ...fit, to: { t: tz, v: 0 } };
}

/** niceRange widens [lo, hi] to round tick values (1, 2, 2.5, 5 × 10^n; in KiB/MiB/GiB steps for bytes). */
export function niceRange(lo: number, hi: number, ticks = 5, binary = false): [number, number, number] {
  if (binary && hi > 1024) {
    // Ticks at whole binary units read better ("1 GiB, 2 GiB") than decimal ones ("954 MiB").
    const scale = 1024 ** Math.floor(Math.log(Math.max(Math.abs(lo), Math.abs(hi))) / Math.log(1024));
    const [a, b, st] = niceRange(lo / scale, hi / scale, ticks);
    return [a * scale, b * scale, st * scale];
  }
  if (hi === lo) hi = lo + 1;
  const raw = (hi - lo) / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step, step];
}

function tickFormatter(unit: ChartInput['unit']): (v: number) => string {
  switch (unit) {
    case 'bytes':
      return humanizeBytes;
    case 'seconds':
      return humanizeDuration;
    case 'ratio':
      return (v) => `${Math.round(v * 100)}%`;
    default:
      return humanizeNumber;
  }
}

/** thin keeps at most ~2 points per horizontal pixel (min and max per bucket), so peaks survive. */
function thin(points: readonly ChartPoint[], px: number): readonly ChartPoint[] {
  const buckets = Math.max(1, Math.floor(px));
  if (points.length <= buckets * 2) return points;
  const out: ChartPoint[] = [];
  const per = points.length / buckets;
  for (let b = 0; b < buckets; b++) {
    const slice = points.slice(Math.floor(b * per), Math.floor((b + 1) * per));
    if (slice.length === 0) continue;
    let lo = slice[0]!;
    let hi = slice[0]!;
    for (const p of slice) {
      if (p.v < lo.v) lo = p;
      if (p.v > hi.v) hi = p;
    }
    out.push(...(lo.t <= hi.t ? [lo, hi] : [hi, lo]));
  }
  return out;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
