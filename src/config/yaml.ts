/**
 * yaml: YAML loading that remembers where every value came from, so that config and rule-file
 * errors can point at `file:line:col` like Prometheus' rulefmt does. js-yaml 5 exposes its flat
 * event stream (parseEvents) with source offsets; we build the value from those same events and a
 * small position tree beside it, so there is one parse and the two can never disagree.
 */
import {
  constructFromEvents,
  CORE_SCHEMA,
  EVENT_ID,
  getScalarValue,
  mergeTag,
  parseEvents,
  SCALAR_STYLE,
  YAMLException,
  type Event,
} from 'js-yaml';
import { DaemonError, ErrorCode, type ErrorCodeValue } from '../core/errors.js';

/** YamlPath addresses a value inside a document: mapping keys as strings, sequence indexes as numbers. */
export type YamlPath = ReadonlyArray<string | number>;

/** LineCol is a 1-based line and column. */
export interface LineCol {
  readonly line: number;
  readonly col: number;
}

/** YamlDocument is a parsed value plus a way to find where any part of it was written. */
export interface YamlDocument {
  readonly value: unknown;
  /** positionOf returns where the value at `path` starts, or the nearest existing ancestor's position. */
  positionOf(path: YamlPath): LineCol;
  /** keyPositionOf returns where the mapping key of the last path element is written (for "unknown field" errors). */
  keyPositionOf(path: YamlPath): LineCol;
}

/** ParseYamlOptions tunes which error code syntax errors carry (rule files use RULE_INVALID). */
export interface ParseYamlOptions {
  readonly code?: ErrorCodeValue;
}

interface PosNode {
  readonly offset: number;
  kind: 'scalar' | 'map' | 'seq' | 'alias';
  readonly keys: Map<string, { key: number; node: PosNode }>;
  readonly items: PosNode[];
  target?: PosNode | undefined;
}

// Merge keys (`<<: *base`) are common in hand-written Prometheus configs and Go's yaml accepts them.
const schema = CORE_SCHEMA.withTags(mergeTag);

/** parseYamlDocument parses one YAML document (empty input is `null`); syntax errors and duplicate keys throw DaemonError with a position. */
export function parseYamlDocument(text: string, file: string, opts: ParseYamlOptions = {}): YamlDocument {
  const code = opts.code ?? ErrorCode.CONFIG_INVALID;
  const lines = lineStarts(text);
  const at = (offset: number): LineCol => offsetToLineCol(lines, offset);
  let events: Event[];
  let docs: unknown[];
  try {
    events = parseEvents(text, { filename: file });
    docs = constructFromEvents(events, { source: text, filename: file, schema });
  } catch (err) {
    throw syntaxError(err, file, code);
  }
  if (docs.length > 1) {
    throw new DaemonError(code, 'expected a single YAML document, found ' + docs.length, {
      position: { file, ...secondDocumentPosition(text) },
    });
  }
  const root = buildTree(events, text);
  return {
    value: docs.length === 0 ? null : docs[0],
    positionOf: (path) => at(locate(root, path, false)),
    keyPositionOf: (path) => at(locate(root, path, true)),
  };
}

function syntaxError(err: unknown, file: string, code: ErrorCodeValue): DaemonError {
  if (err instanceof YAMLException) {
    const mark = err.mark;
    const position = mark ? { file, line: mark.line + 1, col: mark.column + 1 } : { file, line: 1, col: 1 };
    return new DaemonError(code, err.reason, { position, cause: err });
  }
  return new DaemonError(code, err instanceof Error ? err.message : String(err), {
    position: { file, line: 1, col: 1 },
    cause: err,
  });
}

function secondDocumentPosition(text: string): LineCol {
  const m = /^(---|\.\.\.)/m.exec(text.replace(/^---/, '   '));
  if (!m) return { line: 1, col: 1 };
  return offsetToLineCol(lineStarts(text), m.index);
}

/** buildTree replays the events into a tree of offsets shaped like the value. */
function buildTree(events: readonly Event[], text: string): PosNode | undefined {
  const anchors = new Map<string, PosNode>();
  const stack: Array<{ node: PosNode; pendingKey: { name: string; offset: number } | undefined; nextIsKey: boolean }> = [];
  let root: PosNode | undefined;
  let lastOffset = 0;

  const attach = (node: PosNode): void => {
    const top = stack[stack.length - 1];
    if (!top) {
      root ??= node;
      return;
    }
    if (top.node.kind === 'seq') {
      top.node.items.push(node);
    } else if (top.nextIsKey) {
      // A key: remember it; complex (non-scalar) keys are rare in configs and get a stringified name.
      const name = node.kind === 'scalar' ? keyName(node) : `<complex key ${node.offset}>`;
      top.pendingKey = { name, offset: node.offset };
      top.nextIsKey = false;
    } else {
      const key = top.pendingKey ?? { name: '', offset: node.offset };
      top.node.keys.set(key.name, { key: key.offset, node });
      top.pendingKey = undefined;
      top.nextIsKey = true;
    }
  };
  const names = new WeakMap<PosNode, string>();
  const keyName = (n: PosNode): string => names.get(n) ?? '';
  const anchorOf = (s: number, e: number): string | undefined => (s >= 0 ? text.slice(s, e) : undefined);

  for (const ev of events) {
    switch (ev.type) {
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const offset = ev.start >= 0 ? ev.start : lastOffset;
        lastOffset = offset;
        const node = newNode(offset, ev.type === EVENT_ID.MAPPING ? 'map' : 'seq');
        const anchor = anchorOf(ev.anchorStart, ev.anchorEnd);
        if (anchor !== undefined) anchors.set(anchor, node);
        attach(node);
        stack.push({ node, pendingKey: undefined, nextIsKey: true });
        break;
      }
      case EVENT_ID.SCALAR: {
        // Quoted scalars report the offset after the quote; point at the quote itself.
        const quoted = ev.style === SCALAR_STYLE.SINGLE_QUOTED || ev.style === SCALAR_STYLE.DOUBLE_QUOTED;
        const block = ev.style === SCALAR_STYLE.LITERAL_BLOCK || ev.style === SCALAR_STYLE.FOLDED_BLOCK;
        let offset = ev.valueStart >= 0 ? ev.valueStart - (quoted ? 1 : 0) : emptyScalarOffset(stack, lastOffset);
        if (block) offset = blockHeaderOffset(text, lastOffset, offset);
        lastOffset = Math.max(lastOffset, offset);
        const node = newNode(offset, 'scalar');
        names.set(node, ev.valueStart >= 0 ? getScalarValue(text, ev) : '');
        const anchor = anchorOf(ev.anchorStart, ev.anchorEnd);
        if (anchor !== undefined) anchors.set(anchor, node);
        attach(node);
        break;
      }
      case EVENT_ID.ALIAS: {
        const node = newNode(Math.max(0, ev.anchorStart - 1), 'alias');
        node.target = anchors.get(text.slice(ev.anchorStart, ev.anchorEnd));
        names.set(node, text.slice(ev.anchorStart, ev.anchorEnd));
        attach(node);
        break;
      }
      case EVENT_ID.POP:
        if (stack.length > 0) stack.pop();
        break;
      default:
        break;
    }
  }
  return root;
}

/** blockHeaderOffset finds the `|`/`>` indicator of a block scalar: its content starts on a later line. */
function blockHeaderOffset(text: string, from: number, contentOffset: number): number {
  const header = /[|>][-+0-9]*[ \t]*(?:#[^\n]*)?\r?\n/g;
  header.lastIndex = from;
  let found = -1;
  for (let m = header.exec(text); m && m.index < contentOffset; m = header.exec(text)) found = m.index;
  return found >= 0 ? found : contentOffset;
}

/** emptyScalarOffset places a missing value (`key:` with nothing after it) on its key. */
function emptyScalarOffset(stack: ReadonlyArray<{ node: PosNode; pendingKey: { offset: number } | undefined }>, fallback: number): number {
  const top = stack[stack.length - 1];
  if (top?.pendingKey) return top.pendingKey.offset;
  return top ? top.node.offset : fallback;
}

function newNode(offset: number, kind: PosNode['kind']): PosNode {
  return { offset, kind, keys: new Map(), items: [] };
}

function deref(node: PosNode): PosNode {
  let n = node;
  for (let i = 0; i < 64 && n.kind === 'alias' && n.target; i++) n = n.target;
  return n;
}

/** findKey looks a key up in a mapping, following `<<` merges the way the loader applies them. */
function findKey(map: PosNode, name: string, depth = 0): { key: number; node: PosNode } | undefined {
  const own = map.keys.get(name);
  if (own || depth > 16) return own;
  const merge = map.keys.get('<<');
  if (!merge) return undefined;
  const src = deref(merge.node);
  const sources = src.kind === 'seq' ? src.items.map(deref) : [src];
  for (const s of sources) {
    if (s.kind !== 'map') continue;
    const hit = findKey(s, name, depth + 1);
    if (hit) return { key: hit.key, node: hit.node };
  }
  return undefined;
}

function locate(root: PosNode | undefined, path: YamlPath, wantKey: boolean): number {
  if (!root) return 0;
  let node = root;
  let offset = root.offset;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const here = deref(node);
    let next: PosNode | undefined;
    let keyOffset: number | undefined;
    if (here.kind === 'seq' && typeof seg === 'number') {
      next = here.items[seg];
    } else if (here.kind === 'map') {
      const hit = findKey(here, String(seg));
      next = hit?.node;
      keyOffset = hit?.key;
    }
    if (!next) return offset;
    if (wantKey && i === path.length - 1 && keyOffset !== undefined) return keyOffset;
    node = next;
    offset = next.offset;
  }
  return offset;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function offsetToLineCol(starts: readonly number[], offset: number): LineCol {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - starts[lo]! + 1 };
}

/** formatPosition renders `file:line:col: message`, the one shape every config/rule error takes. */
export function formatPosition(file: string, pos: LineCol, message: string): string {
  return `${file}:${pos.line}:${pos.col}: ${message}`;
}
