/**
 * fake: a tiny in-memory document implementing the page's Doc/El slice, for Node tests of the
 * renderers, the refresh loop and the shipped bundle. Text only ever lives in text nodes, like
 * the real DOM's textContent, so a test can tell text from elements.
 */
import type { Doc, El } from './dom.js';

/** FakeText is a text node. */
export class FakeText {
  constructor(readonly data: string) {}
}

/** FakeEl is an element with attributes, children and listeners. */
export class FakeEl implements El {
  className = '';
  readonly attrs = new Map<string, string>();
  readonly nodes: Array<FakeEl | FakeText> = [];
  readonly listeners = new Map<string, Array<() => void>>();

  constructor(readonly tag: string) {}

  get children(): { length: number } {
    return { length: this.nodes.filter((n) => n instanceof FakeEl).length };
  }

  get textContent(): string {
    return this.nodes.map((n) => (n instanceof FakeText ? n.data : n.textContent)).join('');
  }

  set textContent(s: string | null) {
    this.nodes.length = 0;
    if (s) this.nodes.push(new FakeText(s));
  }

  appendChild(child: El): El {
    this.nodes.push(child as FakeEl);
    return child;
  }

  replaceChildren(...nodes: El[]): void {
    this.nodes.length = 0;
    this.nodes.push(...(nodes as FakeEl[]));
  }

  setAttribute(name: string, value: string): void {
    this.attrs.set(name, value);
  }

  addEventListener(type: string, fn: () => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }

  /** all lists this element and its descendants that match `pred`, in document order. */
  all(pred: (e: FakeEl) => boolean): FakeEl[] {
    const out: FakeEl[] = pred(this) ? [this] : [];
    for (const n of this.nodes) if (n instanceof FakeEl) out.push(...n.all(pred));
    return out;
  }

  /** byTag lists descendants with a tag name. */
  byTag(tag: string): FakeEl[] {
    return this.all((e) => e.tag === tag);
  }

  /** byClass lists descendants whose class list holds `cls`. */
  byClass(cls: string): FakeEl[] {
    return this.all((e) => e.className.split(/\s+/).includes(cls));
  }
}

/** FakeDoc creates FakeEls and finds them by id below its body. */
export class FakeDoc implements Doc {
  readonly body = new FakeEl('body');

  createElement(tag: string): FakeEl {
    return new FakeEl(tag);
  }

  getElementById(id: string): FakeEl | null {
    return this.body.all((e) => e.attrs.get('id') === id)[0] ?? null;
  }

  /** withSections adds the page's placeholder elements (ids as in page.ts). */
  static withSections(): FakeDoc {
    const d = new FakeDoc();
    for (const id of ['version', 'refreshed', 'refresh-now', 'alerts-body', 'diagnoses-body', 'targets-body', 'rules-body']) {
      const e = d.createElement('div');
      e.setAttribute('id', id);
      d.body.appendChild(e);
    }
    return d;
  }
}
