import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
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
