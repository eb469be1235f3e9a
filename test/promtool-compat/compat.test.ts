/**
 * compat: every test file under cases/ runs through the real `promtool test rules` (2.42) and
 * through runRuleTests; both must agree on pass/fail per file. Files are named pass-* / fail-* so a
 * silent agreement on the wrong outcome is caught too. With CI=true a missing promtool fails.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRuleTests } from '../../src/rules/index.js';

const dir = join('test', 'promtool-compat', 'cases');
const files = readdirSync(dir).filter((f) => f.endsWith('.test.yaml')).sort();
const have = spawnSync('promtool', ['--version'], { encoding: 'utf8' }).status === 0;
const ci = process.env['CI'] === 'true';

describe('promtool test rules compatibility', () => {
  it('has promtool available (required with CI=true)', () => {
    if (ci) expect(have, 'promtool not found on PATH').toBe(true);
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  for (const f of files) {
    const path = join(dir, f);
    const want = f.startsWith('pass-');
    it.runIf(have || ci)(`${f}: same outcome as promtool (${want ? 'pass' : 'fail'})`, async () => {
      const real = spawnSync('promtool', ['test', 'rules', path], { encoding: 'utf8' });
      const ours = await runRuleTests([path]);
      const summary = `promtool exit ${real.status}\n${real.stdout}${real.stderr}\n--- ours ---\n${ours.output}`;
      expect(real.status === 0, summary).toBe(want);
      expect(ours.passed, summary).toBe(want);
      // Where promtool reports a comparison (exp/got), our report must be the same text.
      // promtool prints the header on stdout and the failure on stderr, so compare the failure part.
      if (!want && /\bexp:/.test(real.stderr)) {
        expect(ours.output.replace(/^Unit Testing:.*\n/, '').trim()).toBe(real.stderr.trim());
      }
    });
  }
});
