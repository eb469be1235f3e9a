// openmetrics: a tiny text-exposition reader for client_golang output and a writer of OpenMetrics
// with timestamps. OpenMetrics wants each family's samples together and each series' points in
// time order, so the recording buffers everything and renders once at the end.

/** parseText reads Prometheus text format into {types: Map<family,type>, samples: [{name, labels, value}]}. */
export function parseText(text) {
  const types = new Map();
  const samples = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('# TYPE ')) {
      const [, , fam, type] = line.split(' ');
      types.set(fam, type);
      continue;
    }
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels = {};
    if (m[3]) for (const lm of m[3].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[lm[1]] = lm[2];
    samples.push({ name: m[1], labels, value: Number(m[4]) });
  }
  return { types, samples };
}

function familyOf(name, types) {
  if (types.has(name)) return name;
  for (const suf of ['_sum', '_count', '_bucket']) {
    if (name.endsWith(suf) && types.has(name.slice(0, -suf.length))) return name.slice(0, -suf.length);
  }
  return name;
}

function fmtValue(v) {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** Recording accumulates samples per family and series. */
export class Recording {
  constructor() {
    this.families = new Map(); // family -> {type, series: Map<key, {name, labels, points: []}>}
    this.count = 0;
  }

  add(name, type, labels, t, v, family = name) {
    let f = this.families.get(family);
    if (!f) this.families.set(family, (f = { type, series: new Map() }));
    const lab = Object.keys(labels).sort().map((k) => `${k}="${labels[k]}"`).join(',');
    const key = `${name}{${lab}}`;
    let s = f.series.get(key);
    if (!s) f.series.set(key, (s = { key, points: [] }));
    s.points.push([t, v]);
    this.count++;
  }

  addExposition({ types, samples }, target, t) {
    for (const s of samples) {
      const fam = familyOf(s.name, types);
      this.add(s.name, types.get(fam) ?? 'unknown', { ...s.labels, ...target }, t, s.value, fam);
    }
  }

  sampleCount() { return this.count; }

  /** render writes OpenMetrics; counters keep client_golang's names, so their family is typed `unknown`
   * when the `_total`-less name would clash with a gauge (go_memstats_alloc_bytes{,_total}). */
  render() {
    const out = [];
    for (const [fam, f] of [...this.families].sort(([a], [b]) => (a < b ? -1 : 1))) {
      let famName = fam;
      let type = f.type;
      if (type === 'counter') {
        const base = fam.replace(/_total$/, '');
        if (fam.endsWith('_total') && !this.families.has(base)) famName = base;
        else type = 'unknown';
      }
      out.push(`# TYPE ${famName} ${type}`);
      for (const s of f.series.values()) {
        for (const [t, v] of s.points) out.push(`${s.key.replace('{}', '')} ${fmtValue(v)} ${(t / 1000).toFixed(3)}`);
      }
    }
    out.push('# EOF', '');
    return out.join('\n');
  }
}
