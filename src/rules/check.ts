/**
 * check: `leaksleuth check rules` — validates rule files like `promtool check rules` and adds lint
 * warnings: `$value` in alert labels (identity changes each evaluation so `for` never completes)
 * and duplicate rules (same name and labels in one file, promtool's duplicate-rules lint).
 */
import { labelsKey } from '../model/labels.js';
import { parseExpr } from '../promql/parser.js';
import { loadRuleFiles, readRuleFile, type RuleFileOptions } from './file.js';
import type { GroupDef } from './types.js';
import { checkAlertTemplate } from './templates.js';

/** CheckResult lists errors (fatal) and warnings (lint), each prefixed with a file position. */
export interface CheckResult {
  readonly errors: string[];
  readonly warnings: string[];
}

/**
 * loadCheckedRuleFiles loads rule files with the PromQL parser and the template checker, as the
 * daemon, `check` and `replay` all need; it throws one RULE_INVALID listing every problem.
 */
export function loadCheckedRuleFiles(files: readonly string[], opts: RuleFileOptions = {}): GroupDef[] {
  return loadRuleFiles(files, { parseExpr, checkTemplate: checkAlertTemplate, ...opts });
}

/** checkRuleFile validates one file and also returns the groups that validated, so callers need not parse it again. */
export function checkRuleFile(file: string, opts: RuleFileOptions = {}): CheckResult & { readonly groups: GroupDef[] } {
  const warnings: string[] = [];
  const r = readRuleFile(file, { parseExpr, checkTemplate: checkAlertTemplate, ...opts });
  if (r.errors.length) return { errors: [...r.errors], warnings, groups: [] };
  const seen = new Map<string, number>();
  for (const g of r.groups) {
    g.rules.forEach((rule, i) => {
      const where = `${file}:${rule.line ?? 0}:1: group "${g.name}", rule ${i + 1}, "${rule.name}"`;
      if (rule.kind === 'alerting') {
        for (const [k, v] of Object.entries(rule.labels)) {
          if (/\$value\b|\.Value\b/.test(v)) {
            warnings.push(`${where}: label "${k}" uses $value; the alert's identity changes with every value, so "for" never completes (put it in an annotation)`);
          }
        }
      }
      const key = JSON.stringify([rule.name, labelsKey(rule.labels)]);
      const prev = seen.get(key);
      if (prev !== undefined) warnings.push(`${where}: duplicate rule: same name and labels as the rule at line ${prev}`);
      else seen.set(key, rule.line ?? 0);
    });
  }
  return { errors: [], warnings, groups: r.groups };
}

/** checkRuleFiles validates every file and collects all errors and lint warnings. */
export function checkRuleFiles(files: readonly string[], opts: RuleFileOptions = {}): CheckResult {
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const file of files) {
    const r = checkRuleFile(file, opts);
    errors.push(...r.errors);
    warnings.push(...r.warnings);
  }
  return { errors, warnings };
}
