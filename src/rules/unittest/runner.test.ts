import { describe, expect, it } from 'vitest';
import { runRuleTests } from '../index.js';

const dir = 'test/fixtures/rules/unittest';

describe('runRuleTests', () => {
  it('honours group_eval_order and warns about rule_files patterns that match nothing', async () => {
    const r = await runRuleTests([`${dir}/order.test.yaml`]);
    expect(r.output).toBe(
      `Unit Testing:  ${dir}/order.test.yaml\n  WARNING: no file match pattern ${dir}/nomatch-*.yaml\n  SUCCESS\n\n`,
    );
    expect(r.passed).toBe(true);
  });

  it('reports each failure in promtool wording', async () => {
    const r = await runRuleTests([`${dir}/misc-fail.test.yaml`]);
    expect(r.passed).toBe(false);
    expect(r.output).toContain('an item under alert_rule_test misses required attribute alertname at eval_time 5m (in TestGroup no alertname)');
    expect(r.output).toContain('    expr: "rate(x[5m])[10m:]", time: 1m, err: rule result is not a vector or scalar');
    expect(r.output).toMatch(/ {4}expr: "vector\(1\)", time: 1m, err: labels "bad\{": /);
    // promtool 2.42 compares with reflect.DeepEqual, so an expected NaN never matches.
    expect(r.output).toContain('    expr: "NaN", time: 1m,\n        exp: {} NaN\n        got: {} NaN');
  });

  it('feeds series to the engine in input_series order, as promtool\'s head does', async () => {
    const r = await runRuleTests([`${dir}/creation-order.test.yaml`]);
    expect(r.output).toContain('SUCCESS');
    expect(r.passed).toBe(true);
  });

  it('rejects a repeated group in group_eval_order and a missing file', async () => {
    const r = await runRuleTests([`${dir}/dup-order.test.yaml`, `${dir}/absent.test.yaml`]);
    expect(r.passed).toBe(false);
    expect(r.output).toContain('group name repeated in evaluation order: a');
    expect(r.output).toMatch(/absent\.test\.yaml.*ENOENT|ENOENT.*absent\.test\.yaml/);
  });
});
