import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatExposition } from './format.js';
import { parseExposition } from './parse.js';

// promtool check metrics parses with prometheus/common expfmt; lint findings are fine, parse errors are not.
function promtoolAccepts(text: string): boolean {
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (r.error) throw r.error;
  return !/error while linting|parsing error/.test(r.stdout + r.stderr);
}

function weAccept(text: string): boolean {
  try {
    parseExposition(text, 'prometheus');
    return true;
  } catch {
    return false;
  }
}

// Inputs where both Go parsers agree; we must agree with them too.
const agreed: Array<[string, boolean]> = [
  ['a { x = "1" } 3\n', true],
  [' \ta 1\n', true],
  ['a{x="1",} 1\n', true],
  ['a{x="1"}2\n', true],
  ['a 1.\na .5\na Inf\na -inf\na NaN\n', true],
  ['# TYPE a  counter\na 1\n', true],
  ['a{x="\\q"} 1\n', false],
  ['a 1e400\n', false],
  ['a +nan\n', false],
  ['a 1 2 3\n', false],
  ['a{x="1",x="2"} 1\n', false],
  ['a{__name__="b"} 1\n', false],
  ['a{x="1\n2"} 1\n', false],
  ['a{x=1} 1\n', false],
  ['# TYPE a gaugehistogram\n', false],
];

describe('acceptance matches promtool check metrics', () => {
  it.each(agreed)('%j', (text, accepted) => {
    expect(promtoolAccepts(text)).toBe(accepted);
    expect(weAccept(text)).toBe(accepted);
  });

  it('accepts what formatExposition writes for the real client_golang payload', () => {
    const fixture = readFileSync(new URL('../../../test/fixtures/exposition/client_golang.prom.txt', import.meta.url), 'utf8');
    const r = parseExposition(fixture, 'prometheus');
    const text = formatExposition(r.samples, r.families, 'prometheus');
    expect(promtoolAccepts(text)).toBe(true);
    expect(parseExposition(text, 'prometheus')).toEqual(r);
  });
});

// Prometheus' own OpenMetrics parser, reached through `promtool tsdb create-blocks-from openmetrics`
// (every sample there needs a timestamp). Divergences, on purpose: we reject unknown escapes such
// as `\q` (Prometheus keeps them verbatim), and we drop exemplars on any type where Prometheus
// rejects them outside counters and histogram buckets.
const omDir = mkdtempSync(join(tmpdir(), 'leaksleuth-om-'));
afterAll(() => rmSync(omDir, { recursive: true, force: true }));

function prometheusAcceptsOpenMetrics(text: string, n: number): boolean {
  const file = join(omDir, `in${n}.om`);
  writeFileSync(file, text);
  const r = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', file, join(omDir, `out${n}`)], { encoding: 'utf8' });
  if (r.error) throw r.error;
  return r.status === 0;
}

const omAgreed: Array<[string, boolean]> = [
  ['a 1 1\n# EOF\n', true],
  ['# TYPE a counter\n# HELP a x \\"y\\"\na_total{b="c\\n"} 1 1.5\n# EOF\n', true],
  ['a  1 1\n# EOF\n', false],
  ['a{x="1",} 1 1\n# EOF\n', false],
  ['a{x="1", y="2"} 1 1\n# EOF\n', false],
  ['a 1 1\n', false],
  ['a 1 1\n# EOF\nb 1 1\n', false],
  ['# hello\na 1 1\n# EOF\n', false],
  ['# UNIT a_bytes seconds\na_bytes 1 1\n# EOF\n', false],
  ['a 1 1\n\n# EOF\n', false],
  ['a +nan 1\n# EOF\n', false],
  ['# TYPE a untyped\na 1 1\n# EOF\n', false],
  ['a{x="1",x="2"} 1 1\n# EOF\n', false],
];

describe('OpenMetrics acceptance matches Prometheus (promtool create-blocks-from)', () => {
  it.each(omAgreed.map(([t, ok], i) => [t, ok, i] as const))('%j', (text, accepted, i) => {
    expect(prometheusAcceptsOpenMetrics(text, i)).toBe(accepted);
    let ours = true;
    try {
      parseExposition(text, 'openmetrics');
    } catch {
      ours = false;
    }
    expect(ours).toBe(accepted);
  });
});
