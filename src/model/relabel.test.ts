import { describe, expect, it } from 'vitest';
import { compileRelabelConfig, relabel, type RawRelabelConfig } from './relabel.js';

function chain(...raws: RawRelabelConfig[]) {
  return raws.map((r) => {
    const c = compileRelabelConfig(r);
    if ('error' in c) throw new Error(c.error.message);
    return c.config;
  });
}

describe('relabel (Prometheus relabel_config semantics)', () => {
  const base = { alertname: 'HeapGrowth', instance: 'api-7:6060', job: 'api', replica: 'a', Env: 'Prod' };
  const table: Array<[string, RawRelabelConfig[], Record<string, string> | undefined]> = [
    ['defaults: replace (.*) → $1 copies the joined sources', [{ source_labels: ['job', 'replica'], target_label: 'jr' }], { ...base, jr: 'api;a' }],
    ['separator and anchored regex with groups', [{ source_labels: ['instance'], regex: '(.*):\\d+', target_label: 'host' }], { ...base, host: 'api-7' }],
    ['regex must match the whole value (anchored): no change', [{ source_labels: ['instance'], regex: 'api', target_label: 'x' }], base],
    ['${1} braces and literal text', [{ source_labels: ['job'], regex: '(a)(p)i', target_label: 'x', replacement: '${2}-${1}x' }], { ...base, x: 'p-ax' }],
    ['$1x names group "1x" (empty), so the label is removed', [{ source_labels: ['job'], target_label: 'job', replacement: '$1x' }], { alertname: 'HeapGrowth', instance: 'api-7:6060', replica: 'a', Env: 'Prod' }],
    ['$$ is a literal dollar; a lone $ stays', [{ source_labels: ['job'], target_label: 'x', replacement: '$$1 $ ok' }], { ...base, x: '$1 $ ok' }],
    ['target label from a group', [{ source_labels: ['job'], regex: '(.*)', target_label: 'team_$1', replacement: 'yes' }], { ...base, team_api: 'yes' }],
    ['target that expands invalid leaves labels alone', [{ source_labels: ['instance'], regex: '(.*)', target_label: '${1}', replacement: 'x' }], base],
    ['named groups (?P<n>…)', [{ source_labels: ['instance'], regex: '(?P<h>[^:]+):(?P<p>\\d+)', target_label: 'port', replacement: '$p' }], { ...base, port: '6060' }],
    ['keep matching', [{ source_labels: ['job'], regex: 'api|db', action: 'keep' }], base],
    ['keep not matching drops', [{ source_labels: ['job'], regex: 'db', action: 'keep' }], undefined],
    ['drop matching', [{ source_labels: ['replica'], regex: 'a', action: 'drop' }], undefined],
    ['action is case-insensitive', [{ source_labels: ['replica'], regex: 'b', action: 'Drop' }], base],
    ['labeldrop', [{ regex: 'replica|Env', action: 'labeldrop' }], { alertname: 'HeapGrowth', instance: 'api-7:6060', job: 'api' }],
    ['labelkeep', [{ regex: 'alertname|job', action: 'labelkeep' }], { alertname: 'HeapGrowth', job: 'api' }],
    ['labelmap', [{ regex: '(rep)lica', action: 'labelmap', replacement: '${1}_copy' }], { ...base, rep_copy: 'a' }],
    ['lowercase / uppercase', [{ source_labels: ['Env'], target_label: 'env', action: 'lowercase' }, { source_labels: ['job'], target_label: 'JOB', action: 'uppercase' }], { ...base, env: 'prod', JOB: 'API' }],
    ['hashmod (md5, last 8 bytes, big endian)', [{ source_labels: ['instance'], target_label: 'shard', modulus: 8, action: 'hashmod' }], { ...base, shard: '5' }],
    ['keepequal / dropequal', [{ source_labels: ['job'], target_label: 'job', action: 'keepequal' }, { source_labels: ['replica'], target_label: 'job', action: 'dropequal' }], base],
    ['dropequal drops when equal', [{ source_labels: ['job'], target_label: 'job', action: 'dropequal' }], undefined],
    ['each step sees the previous one', [{ target_label: 'tmp', replacement: 'x' }, { source_labels: ['tmp'], target_label: 'tmp2' }, { regex: 'tmp', action: 'labeldrop' }], { ...base, tmp2: 'x' }],
  ];
  for (const [name, raws, want] of table) {
    it(name, () => {
      expect(relabel(base, chain(...raws))).toEqual(want);
    });
  }

  it('rejects what Prometheus rejects, naming the field', () => {
    const err = (r: RawRelabelConfig): string | undefined => {
      const c = compileRelabelConfig(r);
      return 'error' in c ? `${String(c.error.field)}: ${c.error.message}` : undefined;
    };
    expect(err({ action: 'replace' })).toMatch(/^target_label: .*requires 'target_label'/);
    expect(err({ action: 'hashmod', target_label: 'x' })).toMatch(/^modulus: .*non-zero modulus/);
    expect(err({ action: 'labeldrop', regex: 'a', source_labels: ['b'] })).toMatch(/requires only 'regex'/);
    expect(err({ action: 'keepequal', target_label: 'a', regex: 'x' })).toMatch(/requires only 'source_labels'/);
    expect(err({ action: 'lowercase', target_label: 'a', replacement: 'x' })).toMatch(/^replacement: /);
    expect(err({ action: 'replace', target_label: '1bad' })).toMatch(/invalid 'target_label'/);
    expect(err({ action: 'explode' })).toMatch(/^action: unknown relabel action/);
    expect(err({ regex: '(', target_label: 'a' })).toMatch(/^regex: invalid regular expression "\(": error parsing regexp: missing closing \)/);
    expect(err({ source_labels: ['a-b'], target_label: 'a' })).toMatch(/^source_labels: /);
    expect(err({ action: 'labelmap', replacement: 'a-b' })).toMatch(/invalid 'replacement'/);
  });
});
