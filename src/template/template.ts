/**
 * template: the public face of the Go text/template engine. Rules expand alert annotations with
 * expandAlertTemplate (Prometheus' `$labels`/`$value` preamble and error text); notify compiles
 * notification templates once with compileTemplate and executes them per alert group.
 */
import { DaemonError, ErrorCode, errorMessage } from '../core/errors.js';
import type { Labels } from '../model/labels.js';
import { execute, type ExecOptions, type TemplateFunc } from './exec.js';
import { builtinFuncs } from './funcs-builtin.js';
import { prometheusFuncs, type TemplateQueryFn } from './funcs-prometheus.js';
import { parseTemplate, type Node, type ParsedTemplates, type Pipeline } from './parse.js';

export type { TemplateFunc, ExecOptions } from './exec.js';
export type { TemplateQueryFn, QuerySample } from './funcs-prometheus.js';
export { GoDuration, GoTime } from './values.js';

/** CompileOptions add functions (overriding built-ins of the same name) and the Prometheus query seam. */
export interface CompileOptions {
  readonly funcs?: Readonly<Record<string, TemplateFunc>>;
  readonly query?: TemplateQueryFn;
  readonly externalURL?: string;
}

/** Template is a parsed template with its associated define/block templates. */
export interface Template {
  readonly name: string;
  /** names lists every template defined alongside the main one (define/block). */
  readonly names: readonly string[];
  /** execute runs the main template (or `opts.template`) with `data` as dot; errors are DaemonError TEMPLATE_INVALID. */
  execute(data: unknown, opts?: ExecOptions & { readonly template?: string }): string;
}

/** compileTemplate parses `text` with Go text/template syntax; syntax errors throw TEMPLATE_INVALID with line:col. */
export function compileTemplate(name: string, text: string, opts: CompileOptions = {}): Template {
  const funcs = new Map<string, TemplateFunc>([...builtinFuncs, ...prometheusFuncs(opts.query, opts.externalURL)]);
  for (const [k, f] of Object.entries(opts.funcs ?? {})) funcs.set(k, f);
  const parsed: ParsedTemplates = parseTemplate(name, text);
  checkFunctions(name, parsed, funcs);
  return {
    name,
    names: [...parsed.keys()],
    execute: (data, o = {}) => execute(o.template ?? name, parsed, funcs, data, o),
  };
}

/** checkFunctions rejects unknown function names at parse time, as Go's parser does. */
function checkFunctions(name: string, parsed: ParsedTemplates, funcs: ReadonlyMap<string, TemplateFunc>): void {
  const known = (f: string): boolean => f === 'and' || f === 'or' || funcs.has(f);
  const visitPipe = (p: Pipeline): void => {
    for (const c of p.cmds) {
      for (const a of c.args) {
        if (a.k === 'ident' && !known(a.name)) {
          throw new DaemonError(ErrorCode.TEMPLATE_INVALID, `function ${JSON.stringify(a.name)} not defined`, {
            position: { file: name, line: a.pos.line, col: a.pos.col },
          });
        }
        if (a.k === 'pipe') visitPipe(a.pipe);
      }
    }
  };
  const visit = (nodes: readonly Node[]): void => {
    for (const n of nodes) {
      if (n.k === 'action') visitPipe(n.pipe);
      else if (n.k === 'if' || n.k === 'with' || n.k === 'range') {
        visitPipe(n.pipe);
        visit(n.list);
        if (n.elseList) visit(n.elseList);
      } else if (n.k === 'template' && n.pipe) visitPipe(n.pipe);
    }
  };
  for (const nodes of parsed.values()) visit(nodes);
}

/** AlertTemplateData is what an alert annotation template can see. */
export interface AlertTemplateData {
  readonly labels: Labels;
  readonly externalLabels: Labels;
  readonly externalURL: string;
  readonly value: number;
}

/** ALERT_TEMPLATE_PREAMBLE defines the variables Prometheus makes available to alert templates. */
export const ALERT_TEMPLATE_PREAMBLE =
  '{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}';

/**
 * expandAlertTemplate expands an annotation or label template like Prometheus' alerting rule does:
 * `$labels`, `$externalLabels`, `$externalURL`, `$value` are defined, missing labels read as "",
 * and any parse or execution failure becomes the text `<error expanding template: …>`.
 */
export function expandAlertTemplate(text: string, data: AlertTemplateData, query?: TemplateQueryFn, alertName = 'alert'): string {
  const name = `__alert_${alertName}`;
  try {
    const t = compileTemplate(name, ALERT_TEMPLATE_PREAMBLE + text, {
      ...(query ? { query } : {}),
      externalURL: data.externalURL,
    });
    return t.execute(
      { Labels: data.labels, ExternalLabels: data.externalLabels, ExternalURL: data.externalURL, Value: data.value },
      { missingKey: 'zero' },
    );
  } catch (err) {
    return `<error expanding template: ${errorMessage(err)}>`;
  }
}
