/**
 * dom: the small slice of the browser DOM the status page needs, typed here so the project keeps
 * its Node-only `lib` setting, plus element builders that only ever set text through `textContent`
 * (never innerHTML), so a label value like `<img onerror=…>` stays text.
 * Bundle rule: a function here may call other functions of this file by name, nothing else.
 */
import type { Tone } from './format.js';

/** El is the part of a DOM element the page uses. */
export interface El {
  textContent: string | null;
  className: string;
  readonly children: { readonly length: number };
  appendChild(child: El): El;
  replaceChildren(...nodes: El[]): void;
  setAttribute(name: string, value: string): void;
  addEventListener(type: string, fn: () => void): void;
}

/** Doc is the part of `document` the page uses. */
export interface Doc {
  createElement(tag: string): El;
  getElementById(id: string): El | null;
}

/** Child is what an element builder accepts as content: elements, text, or nothing. */
export type Child = El | string | number | null | undefined | false;

/** el builds an element with attributes and children; strings become text, never markup. */
export function el(doc: Doc, tag: string, attrs: Record<string, string> | null, ...children: Child[]): El {
  const e = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (k === 'class') e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (typeof c === 'string' || typeof c === 'number') {
      const span = doc.createElement('span');
      span.textContent = String(c);
      e.appendChild(span);
    } else e.appendChild(c);
  }
  return e;
}

/** text builds an element whose only content is `s`, set through textContent. */
export function text(doc: Doc, tag: string, s: string, cls?: string): El {
  const e = doc.createElement(tag);
  if (cls) e.className = cls;
  e.textContent = s;
  return e;
}

/** badge builds a coloured status pill; the colour is decoration, the text carries the meaning. */
export function badge(doc: Doc, label: string, tone: Tone, title?: string): El {
  const b = text(doc, 'span', label, `badge tone-${tone}`);
  if (title) b.setAttribute('title', title);
  return b;
}

/** table builds a table with a header row of `scope=col` cells and one row per entry. */
export function table(doc: Doc, caption: string, headers: string[], rows: Child[][]): El {
  const head = el(doc, 'tr', null);
  for (const h of headers) {
    const th = text(doc, 'th', h);
    th.setAttribute('scope', 'col');
    head.appendChild(th);
  }
  const body = el(doc, 'tbody', null);
  for (const r of rows) {
    const tr = el(doc, 'tr', null);
    r.forEach((c, i) => tr.appendChild(el(doc, 'td', { 'data-label': headers[i] ?? '' }, c)));
    body.appendChild(tr);
  }
  return el(doc, 'div', { class: 'table-wrap' }, el(doc, 'table', null, text(doc, 'caption', caption, 'visually-hidden'), el(doc, 'thead', null, head), body));
}

/** labelList renders a label set as `name=value` chips, each value as text. */
export function labelList(doc: Doc, labels: Record<string, string> | undefined, skip: string[]): El {
  const wrap = el(doc, 'span', { class: 'labels' });
  for (const k of Object.keys(labels ?? {}).sort()) {
    if (skip.includes(k)) continue;
    wrap.appendChild(text(doc, 'span', `${k}=${String((labels ?? {})[k])}`, 'label'));
  }
  return wrap;
}

/** notice builds an inline message: an empty state or a failed request. */
export function notice(doc: Doc, message: string, kind: 'empty' | 'error'): El {
  const p = text(doc, 'p', message, `notice notice-${kind}`);
  if (kind === 'error') p.setAttribute('role', 'alert');
  return p;
}

/**
 * chartImage is a target's chart as an <img>; a target with nothing to draw yet (the API answers
 * 404) hides it instead of showing a broken image.
 */
export function chartImage(doc: Doc, src: string, alt: string, cls: string): El {
  const img = el(doc, 'img', { class: cls, src, alt, loading: 'lazy' });
  img.addEventListener('error', () => {
    img.className = cls + ' chart-missing';
  });
  return img;
}
