/**
 * rules: public surface of the rules stage — rule files, the alert state machine, groups and the
 * manager, state persistence, API shapes, `check rules` and `test rules`.
 */
import { runRuleTests as run, type RunOptions, type RunResult } from './unittest/runner.js';
import { defaultRunOptions } from './unittest/defaults.js';

export type * from './types.js';
export { DEFAULT_RESEND_DELAY_MS, RESOLVED_RETENTION_MS } from './types.js';
export { parseRuleFile, readRuleFile, loadRuleFiles, type RuleFileOptions, type RuleFileResult, type ParseExprFn } from './file.js';
export { transition, selectForSending, needsSending, alertSeries, ruleState, formatEvent } from './state.js';
export type { Candidate, StateRule, TransitionEvent, TransitionResult, SendOptions } from './state.js';
export { RuleGroup, evalTimestamp, groupKey, ruleKey, type GroupOptions, type RuleRuntime } from './group.js';
export { RuleManager, type ManagerOptions } from './manager.js';
export { createRuleMetrics, type RuleMetrics } from './metrics.js';
export { snapshotState, saveState, loadState, restoreState, STATE_FILE, type SavedState, type RestoreOptions } from './persist.js';
export { buildRulesResponse, buildAlertsResponse, rfc3339, goFloatE, type ApiAlert, type ApiGroup, type ApiRule, type RulesQuery } from './api.js';
export { checkRuleFile, checkRuleFiles, loadCheckedRuleFiles, type CheckResult } from './check.js';
export { queryFnFor, type InstantFn, type InstantResult, type RunOptions, type RunResult } from './unittest/runner.js';
export { engineQueryFn } from './engine-query.js';
export { alertTemplateFn, storeTemplateQuery, checkAlertTemplate, type TemplateQuery } from './templates.js';

/** runRuleTests runs promtool-format test files with the real engine unless collaborators are given. */
export function runRuleTests(testFiles: readonly string[], opts: Partial<RunOptions> = {}): Promise<RunResult> {
  return run(testFiles, { ...defaultRunOptions(), ...opts });
}
