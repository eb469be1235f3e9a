import { describe, expect, it } from 'vitest';
import { checkRuleFiles } from './check.js';

const dir = 'test/fixtures/rules';

describe('checkRuleFiles', () => {
  it('passes the good fixture with no warnings', () => {
    expect(checkRuleFiles([`${dir}/go-memory-good.yaml`])).toEqual({ errors: [], warnings: [] });
  });

  it('reports real PromQL parse errors with a position inside the expr', () => {
    const r = checkRuleFiles([`${dir}/many-bad.yaml`]);
    const parse = r.errors.find((e) => e.includes('BadParse'));
    expect(parse).toMatch(/^test\/fixtures\/rules\/many-bad\.yaml:18:\d+: group "broken", rule 4, "BadParse": could not parse expression: /);
    expect(r.errors.length).toBeGreaterThanOrEqual(12);
  });

  it('warns about $value in labels and duplicate rules', () => {
    const r = checkRuleFiles([`${dir}/lint-warn.yaml`]);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([
      `${dir}/lint-warn.yaml:4:1: group "lint", rule 1, "ValueInLabel": label "current" uses $value; the alert's identity changes with every value, so "for" never completes (put it in an annotation)`,
      `${dir}/lint-warn.yaml:10:1: group "lint", rule 3, "job:up:sum": duplicate rule: same name and labels as the rule at line 8`,
    ]);
  });
});
