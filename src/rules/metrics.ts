/**
 * metrics: the rules stage's self-metrics, named after Prometheus' `prometheus_rule_*` family.
 * They are registered on an injected prom-client Registry (never the global one) once per manager.
 */
import { Counter, Gauge, type Registry } from 'prom-client';

/** RuleMetrics holds every rules metric; the label `rule_group` is `file;name` as in Prometheus. */
export interface RuleMetrics {
  readonly lastDuration: Gauge<'rule_group'>;
  readonly iterationsMissed: Counter<'rule_group'>;
  readonly iterations: Counter<'rule_group'>;
  readonly evalFailures: Counter<'rule_group'>;
  readonly evals: Counter<'rule_group'>;
}

/** createRuleMetrics registers the rules metrics on `registry`. */
export function createRuleMetrics(registry: Registry): RuleMetrics {
  const registers = [registry];
  return {
    lastDuration: new Gauge({
      name: 'leaksleuth_rule_group_last_duration_seconds',
      help: 'The duration of the last rule group evaluation.',
      labelNames: ['rule_group'],
      registers,
    }),
    iterationsMissed: new Counter({
      name: 'leaksleuth_rule_group_iterations_missed_total',
      help: 'The total number of rule group evaluations missed due to slow rule group evaluation.',
      labelNames: ['rule_group'],
      registers,
    }),
    iterations: new Counter({
      name: 'leaksleuth_rule_group_iterations_total',
      help: 'The total number of scheduled rule group evaluations, whether executed or missed.',
      labelNames: ['rule_group'],
      registers,
    }),
    evalFailures: new Counter({
      name: 'leaksleuth_rule_evaluation_failures_total',
      help: 'The total number of rule evaluation failures.',
      labelNames: ['rule_group'],
      registers,
    }),
    evals: new Counter({
      name: 'leaksleuth_rule_evaluations_total',
      help: 'The total number of rule evaluations.',
      labelNames: ['rule_group'],
      registers,
    }),
  };
}
