/**
 * funcs-builtin: Go text/template's predefined functions (eq ne lt le gt ge not len index slice
 * print printf println html urlquery). `and`/`or` live in exec.ts because they short-circuit.
 * Comparisons follow Go: ints and floats do not mix ("incompatible types for comparison").
 */
import type { TemplateFunc } from './exec.js';
import { formatValue, sprint, sprintf, sprintln } from './format.js';
import { goTypeName, isTruthy } from './values.js';

type Kind = 'int' | 'float' | 'string' | 'bool' | 'nil' | 'other';

function kindOf(v: unknown): Kind {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  return 'other';
}

function equal(a: unknown, b: unknown): boolean {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === 'nil' || kb === 'nil') {
    if (ka === kb) return true;
    throw new Error('incompatible types for comparison');
  }
  if (ka === 'other' || kb === 'other') throw new Error('invalid type for comparison');
  if (ka !== kb) throw new Error('incompatible types for comparison');
  return a === b;
}

function less(a: unknown, b: unknown): boolean {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === 'bool' || ka === 'other' || ka === 'nil' || kb === 'bool' || kb === 'other' || kb === 'nil') throw new Error('invalid type for comparison');
  if (ka !== kb) throw new Error('incompatible types for comparison');
  return (a as number | bigint | string) < (b as number | bigint | string);
}

function toIndex(v: unknown): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  throw new Error(`cannot index slice/array with type ${goTypeName(v)}`);
}

function index(item: unknown, ...keys: unknown[]): unknown {
  let v = item;
  for (const k of keys) {
    if (v === null || v === undefined) throw new Error('index of untyped nil');
    if (Array.isArray(v) || typeof v === 'string') {
      const i = toIndex(k);
      if (i < 0 || i >= v.length) throw new Error(`error calling index: index out of range: ${i}`);
      v = typeof v === 'string' ? BigInt(Buffer.from(v, 'utf8')[i] ?? 0) : v[i];
    } else if (v instanceof Map) {
      v = v.get(k);
    } else if (typeof v === 'object') {
      v = (v as Record<string, unknown>)[String(k)];
    } else {
      throw new Error(`can't index item of type ${goTypeName(v)}`);
    }
  }
  return v;
}

function len(v: unknown): bigint {
  if (typeof v === 'string') return BigInt(Buffer.byteLength(v, 'utf8'));
  if (Array.isArray(v)) return BigInt(v.length);
  if (v instanceof Map) return BigInt(v.size);
  if (v !== null && typeof v === 'object') return BigInt(Object.keys(v).length);
  throw new Error(`len of type ${goTypeName(v)}`);
}

function slice(item: unknown, ...idx: unknown[]): unknown {
  if (typeof item !== 'string' && !Array.isArray(item)) throw new Error(`can't slice item of type ${goTypeName(item)}`);
  const n = item.length;
  const i = idx[0] === undefined ? 0 : toIndex(idx[0]);
  const j = idx[1] === undefined ? n : toIndex(idx[1]);
  if (i < 0 || j < i || j > n) throw new Error(`index out of range: ${i}:${j}`);
  return item.slice(i, j);
}

/** htmlEscape is Go's template.HTMLEscapeString. */
export function htmlEscape(s: string): string {
  return s.replace(/[&'<>"\0]/g, (c) => ({ '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;', '"': '&#34;', '\0': '\uFFFD' })[c]!);
}

/** queryEscape is Go's url.QueryEscape: unreserved bytes stay, space becomes '+', the rest is %XX. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** builtinFuncs are the functions every Go template has. */
export const builtinFuncs: ReadonlyMap<string, TemplateFunc> = new Map<string, TemplateFunc>([
  ['eq', (a, ...bs) => {
    if (bs.length === 0) throw new Error('missing argument for comparison');
    return bs.some((b) => equal(a, b));
  }],
  ['ne', (a, b) => !equal(a, b)],
  ['lt', (a, b) => less(a, b)],
  ['le', (a, b) => less(a, b) || equal(a, b)],
  ['gt', (a, b) => !less(a, b) && !equal(a, b)],
  ['ge', (a, b) => !less(a, b)],
  ['not', (a) => !isTruthy(a)],
  ['len', (a) => len(a)],
  ['index', (a, ...k) => index(a, ...k)],
  ['slice', (a, ...k) => slice(a, ...k)],
  ['print', (...a) => sprint(a)],
  ['printf', (f, ...a) => sprintf(typeof f === 'string' ? f : formatValue(f, false), a)],
  ['println', (...a) => sprintln(a)],
  ['html', (...a) => htmlEscape(sprint(a))],
  ['urlquery', (...a) => queryEscape(sprint(a))],
]);
