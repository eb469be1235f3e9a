/**
 * exec: walks a parsed template against data, following Go text/template semantics: `.` and `$`,
 * variables scoped to their block, map field access with `<no value>` for missing keys, truth
 * rules, range over slices and sorted maps, short-circuit and/or, and nested template calls.
 */
import { DaemonError, ErrorCode } from '../core/errors.js';
import { formatValue } from './format.js';
import type { Command, Node, Operand, ParsedTemplates, Pipeline, Pos } from './parse.js';
import { isTruthy, mapEntries } from './values.js';

/** TemplateFunc is a function callable from a template; throwing an Error becomes `error calling <name>: …`. */
export type TemplateFunc = (...args: unknown[]) => unknown;

/**
 * ExecOptions tune execution; missingKey follows Go's `missingkey=` option. `zero` yields "" for a
 * missing key of a string-valued map (a label set), which is what Prometheus' map[string]string gives.
 */
export interface ExecOptions {
  readonly missingKey?: 'default' | 'zero' | 'error';
}

const MAX_DEPTH = 1000;

type ControlNode = Extract<Node, { k: 'if' | 'with' | 'range' }>;

class Stop {
  constructor(readonly kind: 'break' | 'continue') {}
}

/** execute runs template `name` from `templates` with `data` as both `.` and `$`. */
export function execute(name: string, templates: ParsedTemplates, funcs: ReadonlyMap<string, TemplateFunc>, data: unknown, opts: ExecOptions = {}): string {
  const root = templates.get(name);
  if (!root) throw new DaemonError(ErrorCode.TEMPLATE_INVALID, `template: no template ${JSON.stringify(name)} associated with template ${JSON.stringify(name)}`);
  const out: string[] = [];
  const vars: Array<{ name: string; value: unknown }> = [{ name: '$', value: data }];
  let depth = 0;
  let current = name;
  let at = '';

  const fail = (pos: Pos, msg: string): never => {
    throw new DaemonError(ErrorCode.TEMPLATE_INVALID, `executing ${JSON.stringify(current)} at <${at}>: ${msg}`, {
      position: { file: current, line: pos.line, col: pos.col },
    });
  };

  const lookupVar = (n: string, pos: Pos): unknown => {
    for (let i = vars.length - 1; i >= 0; i--) if (vars[i]!.name === n) return vars[i]!.value;
    return fail(pos, `undefined variable: ${n}`);
  };

  const field = (recv: unknown, fname: string, pos: Pos): unknown => {
    // A missing key yields an invalid value that later fields pass through silently (as in Go);
    // an explicit nil is an error.
    if (recv === undefined) return opts.missingKey === 'error' ? fail(pos, `nil data; no entry for key ${JSON.stringify(fname)}`) : undefined;
    if (recv === null) return fail(pos, `nil pointer evaluating interface {}.${fname}`);
    if (recv instanceof Map) {
      if (recv.has(fname)) return recv.get(fname);
    } else if (typeof recv === 'object' && !Array.isArray(recv)) {
      if (Object.prototype.hasOwnProperty.call(recv, fname)) return (recv as Record<string, unknown>)[fname];
    } else {
      return fail(pos, `can't evaluate field ${fname} in type interface {}`);
    }
    if (opts.missingKey === 'error') return fail(pos, `map has no entry for key ${JSON.stringify(fname)}`);
    if (opts.missingKey === 'zero') {
      const values = recv instanceof Map ? [...recv.values()] : Object.values(recv);
      if (values.every((x) => typeof x === 'string')) return '';
    }
    return undefined;
  };

  const chain = (v: unknown, names: readonly string[], pos: Pos): unknown => names.reduce((acc, n) => field(acc, n, pos), v);

  const operand = (op: Operand, dot: unknown): unknown => {
    switch (op.k) {
      case 'dot':
        return dot;
      case 'field':
        return chain(dot, op.names, op.pos);
      case 'var':
        return chain(lookupVar(op.name, op.pos), op.fields, op.pos);
      case 'lit':
        return op.value;
      case 'pipe':
        return chain(pipeline(op.pipe, dot), op.fields, op.pos);
      case 'ident':
        return call(op.name, [], undefined, dot, op.pos);
    }
  };

  const call = (fname: string, argOps: readonly Operand[], final: { v: unknown } | undefined, dot: unknown, pos: Pos): unknown => {
    if (fname === 'and' || fname === 'or') {
      const n = argOps.length + (final ? 1 : 0);
      if (n < 1) return fail(pos, `wrong number of args for ${fname}: want at least 1 got 0`);
      let v: unknown;
      for (let i = 0; i < n; i++) {
        v = i < argOps.length ? operand(argOps[i]!, dot) : final!.v;
        if (isTruthy(v) === (fname === 'or')) return v;
      }
      return v;
    }
    const fn = funcs.get(fname);
    if (!fn) return fail(pos, `function ${JSON.stringify(fname)} not defined`);
    const args = argOps.map((a) => operand(a, dot));
    if (final) args.push(final.v);
    try {
      return fn(...args);
    } catch (err) {
      if (DaemonError.is(err) && err.code === ErrorCode.TEMPLATE_INVALID) throw err;
      return fail(pos, `error calling ${fname}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const command = (cmd: Command, dot: unknown, final: { v: unknown } | undefined): unknown => {
    const [first, ...rest] = cmd.args;
    at = cmd.args.map(opText).join(' ');
    if (first!.k === 'ident') return call(first!.name, rest, final, dot, first!.pos);
    if (first!.k === 'lit' && first!.value === null) return fail(first!.pos, 'nil is not a command');
    if (rest.length > 0 || final) return fail(first!.pos, `can't give argument to non-function ${opText(first!)}`);
    return operand(first!, dot);
  };

  const pipeline = (p: Pipeline, dot: unknown): unknown => {
    let final: { v: unknown } | undefined;
    for (const c of p.cmds) final = { v: command(c, dot, final) };
    const v = final!.v;
    if (p.decl.length === 1) {
      if (p.assign) assign(p.decl[0]!, v, p.pos);
      else vars.push({ name: p.decl[0]!, value: v });
    }
    return v;
  };

  const assign = (n: string, v: unknown, pos: Pos): void => {
    for (let i = vars.length - 1; i >= 0; i--) {
      if (vars[i]!.name === n) {
        vars[i]!.value = v;
        return;
      }
    }
    fail(pos, `undefined variable: ${n}`);
  };

  const walk = (nodes: readonly Node[], dot: unknown): void => {
    for (const n of nodes) {
      switch (n.k) {
        case 'text':
          out.push(n.text);
          break;
        case 'action': {
          const v = pipeline(n.pipe, dot);
          if (n.pipe.decl.length === 0) out.push(formatValue(v));
          break;
        }
        case 'if':
        case 'with': {
          const mark = vars.length;
          const v = pipeline(n.pipe, dot);
          if (isTruthy(v)) walk(n.list, n.k === 'with' ? v : dot);
          else if (n.elseList) walk(n.elseList, dot);
          vars.length = mark;
          break;
        }
        case 'range':
          range(n, dot);
          break;
        case 'template': {
          const body = templates.get(n.name);
          if (!body) fail(n.pos, `template ${JSON.stringify(n.name)} not defined`);
          if (++depth > MAX_DEPTH) fail(n.pos, `exceeded maximum template depth (${MAX_DEPTH})`);
          const newDot = n.pipe ? pipeline(n.pipe, dot) : undefined;
          const saved = vars.splice(0, vars.length, { name: '$', value: newDot });
          const savedName = current;
          current = n.name;
          try {
            walk(body!, newDot);
          } finally {
            current = savedName;
            vars.splice(0, vars.length, ...saved);
            depth--;
          }
          break;
        }
        case 'break':
        case 'continue':
          throw new Stop(n.k);
      }
    }
  };

  const range = (n: ControlNode, dot: unknown): void => {
    const mark = vars.length;
    const p = n.pipe;
    const v = pipeline({ ...p, decl: [] }, dot);
    let items: Array<[unknown, unknown]>;
    if (Array.isArray(v)) items = v.map((x, i) => [BigInt(i), x]);
    else if (v === null || v === undefined) items = [];
    else if (typeof v === 'bigint') items = Array.from({ length: Number(v) }, (_x, i) => [BigInt(i), BigInt(i)]);
    else if (typeof v === 'object') items = mapEntries(v);
    else return void fail(n.pos, `range can't iterate over ${formatValue(v, false)}`);
    if (items.length === 0) {
      if (n.elseList) walk(n.elseList, dot);
      vars.length = mark;
      return;
    }
    for (const [k, x] of items) {
      const inner = vars.length;
      if (p.decl.length === 1) vars.push({ name: p.decl[0]!, value: x });
      if (p.decl.length === 2) vars.push({ name: p.decl[0]!, value: k }, { name: p.decl[1]!, value: x });
      try {
        walk(n.list, x);
      } catch (e) {
        if (!(e instanceof Stop)) throw e;
        if (e.kind === 'break') {
          vars.length = inner;
          break;
        }
      }
      vars.length = inner;
    }
    vars.length = mark;
  };

  walk(root, data);
  return out.join('');
}

function opText(op: Operand): string {
  switch (op.k) {
    case 'dot':
      return '.';
    case 'field':
      return '.' + op.names.join('.');
    case 'var':
      return op.name + op.fields.map((f) => '.' + f).join('');
    case 'ident':
      return op.name;
    case 'lit':
      return op.text;
    case 'pipe':
      return '(' + op.pipe.cmds.map((c) => c.args.map(opText).join(' ')).join(' | ') + ')' + op.fields.map((f) => '.' + f).join('');
  }
}
