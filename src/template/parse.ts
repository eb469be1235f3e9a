/**
 * parse: builds the tree of a Go text/template from tokens: text, actions with pipelines,
 * if/else if/with/range/else/end, define/template/block, break/continue. Errors say
 * `template: name:line:col: …` like Go's parser.
 */
import { lex, templateError, type Tok } from './lex.js';

/** Pos is where a node starts in the template source. */
export interface Pos {
  readonly line: number;
  readonly col: number;
}

/** Operand is one argument of a command. */
export type Operand =
  | { readonly k: 'dot'; readonly pos: Pos }
  | { readonly k: 'field'; readonly names: readonly string[]; readonly pos: Pos }
  | { readonly k: 'var'; readonly name: string; readonly fields: readonly string[]; readonly pos: Pos }
  | { readonly k: 'ident'; readonly name: string; readonly pos: Pos }
  | { readonly k: 'lit'; readonly value: unknown; readonly text: string; readonly pos: Pos }
  | { readonly k: 'pipe'; readonly pipe: Pipeline; readonly fields: readonly string[]; readonly pos: Pos };

/** Command is one stage of a pipeline: a function call or a single operand. */
export interface Command {
  readonly args: readonly Operand[];
  readonly pos: Pos;
}

/** Pipeline is `[$a[, $b] (:=|=)] cmd | cmd …`. */
export interface Pipeline {
  readonly decl: readonly string[];
  readonly assign: boolean;
  readonly cmds: readonly Command[];
  readonly pos: Pos;
}

/** Node is a node of a template body. */
export type Node =
  | { readonly k: 'text'; readonly text: string }
  | { readonly k: 'action'; readonly pipe: Pipeline; readonly pos: Pos }
  | { readonly k: 'if' | 'with' | 'range'; readonly pipe: Pipeline; readonly list: readonly Node[]; readonly elseList: readonly Node[] | undefined; readonly pos: Pos }
  | { readonly k: 'template'; readonly name: string; readonly pipe: Pipeline | undefined; readonly pos: Pos }
  | { readonly k: 'break' | 'continue'; readonly pos: Pos };

/** ParsedTemplates maps each template name (the main one and every define/block) to its body. */
export type ParsedTemplates = Map<string, readonly Node[]>;

function unquote(t: Tok, name: string): string {
  if (t.text.startsWith('`')) return t.text.slice(1, -1);
  try {
    // Go and JSON escapes agree for the common cases; \x and \' need translating first.
    const body = t.text
      .slice(1, -1)
      .replace(/\\x([0-9a-fA-F]{2})/g, (_m, h: string) => `\\u00${h}`)
      .replace(/\\'/g, "'")
      .replace(/\\a/g, '\\u0007')
      .replace(/\\v/g, '\\u000b')
      .replace(/\\U([0-9a-fA-F]{8})/g, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)));
    return JSON.parse(`"${body}"`) as string;
  } catch {
    throw templateError(name, t.line, t.col, `invalid syntax: ${t.text}`);
  }
}

function numberValue(t: Tok, name: string): unknown {
  const s = t.text.replace(/_/g, '');
  if (/^[+-]?0[xX]/.test(s)) return BigInt(s.startsWith('-') ? '-' + s.slice(1) : s.replace(/^\+/, ''));
  if (/^[+-]?\d+$/.test(s)) return BigInt(s);
  const v = Number(s);
  if (Number.isNaN(v)) throw templateError(name, t.line, t.col, `illegal number syntax: ${JSON.stringify(t.text)}`);
  return v;
}

/** parseTemplate parses `src` as template `name`, returning it and every template it defines. */
export function parseTemplate(name: string, src: string): ParsedTemplates {
  const toks = lex(name, src);
  let i = 0;
  const out: ParsedTemplates = new Map();
  // Go checks variables while parsing: a use must follow its declaration in an enclosing scope.
  let scope: string[] = ['$'];
  const peek = (o = 0): Tok => toks[Math.min(i + o, toks.length - 1)]!;
  const next = (): Tok => toks[Math.min(i++, toks.length - 1)]!;
  const fail = (t: Tok, msg: string): never => {
    throw templateError(name, t.line, t.col, msg);
  };
  const expect = (kind: Tok['kind'], what: string): Tok => {
    const t = next();
    if (t.kind !== kind) fail(t, `unexpected ${describe(t)} ${what}`);
    return t;
  };

  const fieldsAfter = (): string[] => {
    const f: string[] = [];
    while (peek().kind === 'field' && peek().adjacent) f.push(next().text.slice(1));
    return f;
  };

  const operand = (): Operand | undefined => {
    const t = peek();
    const pos = { line: t.line, col: t.col };
    switch (t.kind) {
      case 'dot':
        next();
        return { k: 'dot', pos };
      case 'field': {
        next();
        return { k: 'field', names: [t.text.slice(1), ...fieldsAfter()], pos };
      }
      case 'var':
        next();
        if (!scope.includes(t.text)) fail(t, `undefined variable ${JSON.stringify(t.text)}`);
        return { k: 'var', name: t.text, fields: fieldsAfter(), pos };
      case 'ident':
        next();
        return { k: 'ident', name: t.text, pos };
      case 'string':
        next();
        return { k: 'lit', value: unquote(t, name), text: t.text, pos };
      case 'char': {
        next();
        const ch = t.text.length === 3 ? t.text[1]! : unquote({ ...t, text: `"${t.text.slice(1, -1)}"` }, name);
        return { k: 'lit', value: BigInt(ch.codePointAt(0)!), text: t.text, pos };
      }
      case 'number':
        next();
        return { k: 'lit', value: numberValue(t, name), text: t.text, pos };
      case 'bool':
        next();
        return { k: 'lit', value: t.text === 'true', text: t.text, pos };
      case 'nil':
        next();
        return { k: 'lit', value: null, text: 'nil', pos };
      case 'lparen': {
        next();
        const p = pipeline('parenthesized pipeline', 'rparen');
        expect('rparen', 'in parenthesized pipeline');
        return { k: 'pipe', pipe: p, fields: fieldsAfter(), pos };
      }
      default:
        return undefined;
    }
  };

  const pipeline = (context: string, end: 'close' | 'rparen' = 'close', allowDecl = true, allowTwo = false): Pipeline => {
    const start = peek();
    const pos = { line: start.line, col: start.col };
    const decl: string[] = [];
    let assign = false;
    if (allowDecl && peek().kind === 'var') {
      // Look ahead for `$x :=`, `$x =` or (range) `$k, $v :=`.
      if (peek(1).kind === 'declare' || peek(1).kind === 'assign') {
        decl.push(next().text);
        assign = next().kind === 'assign';
      } else if (allowTwo && peek(1).kind === 'comma' && peek(2).kind === 'var' && (peek(3).kind === 'declare' || peek(3).kind === 'assign')) {
        decl.push(next().text);
        next();
        decl.push(next().text);
        assign = next().kind === 'assign';
      }
    }
    if (assign) for (const d of decl) if (!scope.includes(d)) fail(start, `undefined variable ${JSON.stringify(d)}`);
    const cmds: Command[] = [];
    for (;;) {
      const t = peek();
      const args: Operand[] = [];
      for (let op = operand(); op; op = operand()) args.push(op);
      if (args.length === 0) fail(peek(), `missing value for ${context}`);
      cmds.push({ args, pos: { line: t.line, col: t.col } });
      if (peek().kind === 'pipe') {
        next();
        continue;
      }
      if (peek().kind !== end) fail(peek(), `unexpected ${describe(peek())} in ${context}`);
      break;
    }
    for (const c of cmds.slice(1)) {
      const a0 = c.args[0]!;
      if (a0.k === 'lit' || a0.k === 'dot') {
        fail({ kind: 'eof', text: '', ...c.pos, adjacent: false }, `non executable command in pipeline stage ${cmds.indexOf(c) + 1}`);
      }
    }
    if (!assign) scope.push(...decl);
    return { decl, assign, cmds, pos };
  };

  /** list parses nodes until an `end`/`else` action, which it returns without consuming past the keyword. */
  const list = (inside: string | undefined, loopDepth: number): { nodes: Node[]; stop: 'end' | 'else' | 'eof' } => {
    const nodes: Node[] = [];
    for (;;) {
      const t = next();
      if (t.kind === 'eof') {
        if (inside) fail(t, `unexpected EOF`);
        return { nodes, stop: 'eof' };
      }
      if (t.kind === 'text') {
        nodes.push({ k: 'text', text: t.text });
        continue;
      }
      const kw = peek();
      const pos = { line: kw.line, col: kw.col };
      if (kw.kind === 'keyword') {
        next();
        switch (kw.text) {
          case 'end':
            if (!inside) fail(kw, 'unexpected {{end}}');
            expect('close', 'in end');
            return { nodes, stop: 'end' };
          case 'else':
            if (!inside || inside === 'define') fail(kw, 'unexpected {{else}}');
            return { nodes, stop: 'else' };
          case 'if':
          case 'with':
          case 'range':
            nodes.push(control(kw.text, pos, loopDepth));
            continue;
          case 'break':
          case 'continue':
            if (loopDepth === 0) fail(kw, `{{${kw.text}}} outside {{range}}`);
            expect('close', `in ${kw.text}`);
            nodes.push({ k: kw.text, pos });
            continue;
          case 'template':
          case 'block': {
            const nameTok = next();
            if (nameTok.kind !== 'string') fail(nameTok, `unexpected ${describe(nameTok)} in ${kw.text} clause`);
            const tname = unquote(nameTok, name);
            let pipe: Pipeline | undefined;
            if (peek().kind !== 'close') pipe = pipeline(`${kw.text} clause`, 'close', false);
            else if (kw.text === 'block') fail(peek(), 'missing value for block clause');
            expect('close', `in ${kw.text} clause`);
            if (kw.text === 'block') {
              const saved = scope;
              scope = ['$'];
              const body = list('define', 0);
              scope = saved;
              define(tname, body.nodes);
            }
            nodes.push({ k: 'template', name: tname, pipe, pos });
            continue;
          }
          case 'define': {
            if (inside) fail(kw, 'unexpected {{define}} inside another action');
            const nameTok = next();
            if (nameTok.kind !== 'string') fail(nameTok, `unexpected ${describe(nameTok)} in define clause`);
            expect('close', 'in define clause');
            const saved = scope;
            scope = ['$'];
            define(unquote(nameTok, name), list('define', 0).nodes);
            scope = saved;
            continue;
          }
        }
      }
      const pipe = pipeline('command');
      next();
      nodes.push({ k: 'action', pipe, pos });
    }
  };

  const control = (kind: 'if' | 'with' | 'range', pos: Pos, loopDepth: number): Node => {
    const mark = scope.length;
    const pipe = pipeline(kind, 'close', true, kind === 'range');
    expect('close', `in ${kind}`);
    const inner = list(kind, kind === 'range' ? loopDepth + 1 : loopDepth);
    let elseList: Node[] | undefined;
    if (inner.stop === 'else') {
      // `{{else if …}}` / `{{else with …}}` nest a new control that shares this one's {{end}}.
      const t = peek();
      if (t.kind === 'keyword' && (t.text === 'if' || t.text === 'with') && kind !== 'range') {
        next();
        elseList = [control(t.text, { line: t.line, col: t.col }, loopDepth)];
      } else {
        expect('close', 'in else');
        const rest = list(kind, loopDepth);
        if (rest.stop !== 'end') fail(peek(), `expected end; found {{else}}`);
        elseList = rest.nodes;
      }
    }
    scope.length = mark;
    return { k: kind, pipe, list: inner.nodes, elseList, pos };
  };

  const define = (tname: string, nodes: Node[]): void => {
    // Like Go, a later non-empty definition replaces an earlier one; an empty one does not.
    if (out.has(tname) && nodes.every((n) => n.k === 'text' && n.text.trim() === '')) return;
    out.set(tname, nodes);
  };

  const main = list(undefined, 0);
  if (!out.has(name) || main.nodes.some((n) => !(n.k === 'text' && n.text.trim() === ''))) out.set(name, main.nodes);
  return out;
}

function describe(t: Tok): string {
  switch (t.kind) {
    case 'eof':
      return 'EOF';
    case 'close':
      return '"}}"';
    case 'text':
      return 'text';
    default:
      return `${JSON.stringify(t.text)}`;
  }
}
