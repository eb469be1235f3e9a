/**
 * matchers: route matchers (the `matchers:` strings and the legacy `match_re` map) against the real
 * Alertmanager's `amtool config routes test`, which compiles them with Go's regexp. Every route has
 * `continue: true`, so both sides list every route a label set reaches, not only the first.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { normalizeNotifyConfig, type RawNotifyConfig } from '../../src/notify/config.js';
import { matchRoutes } from '../../src/notify/route.js';

const have = spawnSync('amtool', ['--version'], { encoding: 'utf8' }).status === 0;
const ci = process.env['CI'] === 'true';

const routes: Array<[string, string]> = [
  ['icase', `matchers: ['team=~"(?i)PRO.*"']`],
  ['icase_group', `matchers: ['team=~"(?i:PRO)d"']`],
  ['nested', `matchers: ['pad=~"(a+)+"']`],
  ['quoted', `match_re: { path: '\\Qa.b\\E' }`],
  ['posix', `matchers: ['x=~"[[:alpha:]]+"', 'y!~".+"']`],
  ['unicode', `matchers: ['x=~"\\\\pL{2}"']`],
  ['empty', `matchers: ['team=~""', 'x=~".*"']`],
  ['dot', `matchers: ['x=~"a.c"']`],
  ['alternation', `match_re: { team: 'api|db|web-[0-9]+' }`],
  ['notre', `matchers: ['team!~"api|db"', 'x="1"']`],
];

const yaml = `route:
  receiver: default
  routes:
${routes.map(([name, m]) => `    - ${m}\n      receiver: ${name}\n      continue: true`).join('\n')}
receivers:
  - name: default
${routes.map(([name]) => `  - name: ${name}`).join('\n')}
`;

const labelSets: Array<Record<string, string>> = [
  { team: 'Production' }, { team: 'prod' }, { team: 'PROD' }, { team: 'prodx' }, { team: 'staging' },
  { pad: 'a'.repeat(33) + 'b' }, { pad: 'a'.repeat(34) },
  { path: 'a.b' }, { path: 'axb' },
  { x: 'abc' }, { x: 'abc', y: '1' }, { x: 'ab1' }, { x: 'äö' }, { x: 'λx' }, { x: 'a-c' }, { x: '1' },
  { team: 'api' }, { team: 'web-42' }, { team: 'web-' }, { team: 'dbx', x: '1' }, { team: 'db', x: '1' },
  { other: 'z' },
];

describe('route matchers agree with amtool (Go regexp)', () => {
  it('has amtool available (required with CI=true)', () => {
    if (ci) expect(have, 'amtool not found on PATH').toBe(true);
  });

  it.runIf(have || ci)('routes every label set to the same receivers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'amtool-diff-'));
    const file = join(dir, 'am.yml');
    writeFileSync(file, yaml);
    const cfg = normalizeNotifyConfig(load(yaml) as RawNotifyConfig);
    for (const ls of labelSets) {
      const args = Object.entries(ls).map(([k, v]) => `${k}=${v}`);
      const real = spawnSync('amtool', ['config', 'routes', 'test', `--config.file=${file}`, ...args], { encoding: 'utf8' });
      expect(real.status, real.stderr).toBe(0);
      const want = real.stdout.trim().split(',').sort();
      const got = matchRoutes(cfg.route, ls).map((r) => r.opts.receiver).sort();
      expect(got, JSON.stringify(ls)).toEqual(want);
    }
  });
});
