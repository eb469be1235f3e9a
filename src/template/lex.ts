/**
 * lex: splits Go text/template source into text and action tokens, applying `{{-`/`-}}` trimming
 * and dropping `{{/* comments *\/}}`. Every token keeps its line:col for error messages.
 */
import { DaemonError, ErrorCode } from '../core/errors.js';

/** TokKind lists the token kinds the parser reads. */
export type TokKind =
  | 'text' | 'open' | 'close' | 'ident' | 'field' | 'var' | 'dot' | 'string' | 'char' | 'number'
  | 'bool' | 'nil' | 'declare' | 'assign' | 'pipe' | 'lparen' | 'rparen' | 'comma' | 'keyword' | 'eof';

/** Tok is one lexical token with its source position (1-based). */
export interface Tok {
  readonly kind: TokKind;
  readonly text: string;
  readonly line: number;
  readonly col: number;
  /** adjacent says no space separates this token from the previous one (`.a.b` vs `.a .b`). */
  readonly adjacent: boolean;
}

const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue']);

/** templateError builds a TEMPLATE_INVALID error placed in the template; `located()` renders `name:line:col: msg` as Go does. */
export function templateError(name: string, line: number, col: number, msg: string): DaemonError {
  return new DaemonError(ErrorCode.TEMPLATE_INVALID, msg, { position: { file: name, line, col } });
}

/** lex tokenizes a whole template. */
export function lex(name: string, src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const posAt = (off: number): { line: number; col: number } => {
    // Offsets only move forward, so advance the line counter lazily.
    while (true) {
      const nl = src.indexOf('\n', lineStart);
      if (nl < 0 || nl >= off) break;
      line++;
      lineStart = nl + 1;
    }
    return { line, col: off - lineStart + 1 };
  };
  let lastEnd = -1;
  const push = (kind: TokKind, text: string, off: number): void => {
    toks.push({ kind, text, ...posAt(off), adjacent: off === lastEnd });
    lastEnd = off + text.length;
  };
  let trimNext = false;
  while (i <= src.length) {
    const open = src.indexOf('{{', i);
    const textEnd = open < 0 ? src.length : open;
    const trimLeft = open >= 0 && src[open + 2] === '-' && /\s/.test(src[open + 3] ?? '');
    let text = src.slice(i, textEnd);
    const textOff = i;
    if (trimNext) text = text.replace(/^\s+/, '');
    if (trimLeft) text = text.replace(/\s+$/, '');
    if (text.length > 0) push('text', text, textOff);
    trimNext = false;
    if (open < 0) break;
    let p = open + 2 + (trimLeft ? 2 : 0);
    push('open', '{{', open);
    // Comments: {{/* ... */}} with optional trim markers, nothing else inside.
    if (src.startsWith('/*', p)) {
      const end = src.indexOf('*/', p + 2);
      if (end < 0) throw templateError(name, posAt(p).line, posAt(p).col, 'unclosed comment');
      let q = end + 2;
      const trimRight = src.startsWith(' -}}', q) || src.startsWith('\t-}}', q) || src.startsWith('\n-}}', q);
      if (trimRight) q += 1;
      if (src.startsWith('-}}', q)) {
        trimNext = true;
        q += 3;
      } else if (src.startsWith('}}', q)) q += 2;
      else throw templateError(name, posAt(q).line, posAt(q).col, 'comment ends before closing delimiter');
      toks.pop();
      i = q;
      continue;
    }
    for (;;) {
      const c = src[p];
      if (c === undefined) throw templateError(name, posAt(open).line, posAt(open).col, 'unclosed action');
      if (/\s/.test(c)) {
        if (src[p + 1] === '-' && src.startsWith('}}', p + 2)) {
          push('close', '}}', p + 2);
          trimNext = true;
          p += 4;
          break;
        }
        p++;
        continue;
      }
      if (src.startsWith('}}', p)) {
        push('close', '}}', p);
        p += 2;
        break;
      }
      const start = p;
      const rest = src.slice(p);
      let m: RegExpMatchArray | null;
      if (c === '"') {
        m = rest.match(/^"(?:[^"\\\n]|\\.)*"/);
        if (!m) throw templateError(name, posAt(p).line, posAt(p).col, 'unterminated quoted string');
        push('string', m[0], start);
      } else if (c === '`') {
        const end = src.indexOf('`', p + 1);
        if (end < 0) throw templateError(name, posAt(p).line, posAt(p).col, 'unterminated raw quoted string');
        m = [src.slice(p, end + 1)] as unknown as RegExpMatchArray;
        push('string', m[0], start);
      } else if (c === "'") {
        m = rest.match(/^'(?:[^'\\\n]|\\.[^']*)'/);
        if (!m) throw templateError(name, posAt(p).line, posAt(p).col, 'unterminated character constant');
        push('char', m[0], start);
      } else if ((m = rest.match(/^[+-]?(?:0[xX][0-9a-fA-F_]+|(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)/)) && !/^[+-]?\.[A-Za-z_]/.test(rest)) {
        push('number', m[0], start);
      } else if ((m = rest.match(/^\$[A-Za-z0-9_]*/))) {
        push('var', m[0], start);
      } else if ((m = rest.match(/^\.[A-Za-z_][A-Za-z0-9_]*/))) {
        push('field', m[0], start);
      } else if (c === '.') {
        m = ['.'] as unknown as RegExpMatchArray;
        push('dot', '.', start);
      } else if ((m = rest.match(/^[A-Za-z_][A-Za-z0-9_]*/))) {
        const w = m[0];
        push(KEYWORDS.has(w) ? 'keyword' : w === 'true' || w === 'false' ? 'bool' : w === 'nil' ? 'nil' : 'ident', w, start);
      } else if (rest.startsWith(':=')) {
        m = [':='] as unknown as RegExpMatchArray;
        push('declare', ':=', start);
      } else if (c === '=' || c === '|' || c === '(' || c === ')' || c === ',') {
        m = [c] as unknown as RegExpMatchArray;
        push(c === '=' ? 'assign' : c === '|' ? 'pipe' : c === '(' ? 'lparen' : c === ')' ? 'rparen' : 'comma', c, start);
      } else {
        throw templateError(name, posAt(p).line, posAt(p).col, `unexpected ${JSON.stringify(c)} in command`);
      }
      p += m[0].length;
    }
    i = p;
  }
  toks.push({ kind: 'eof', text: '', ...posAt(src.length), adjacent: false });
  return toks;
}
