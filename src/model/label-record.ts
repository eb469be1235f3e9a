/**
 * label-record: builds the frozen label objects that live as long as their series. V8 gives an
 * object made by Object.fromEntries (or by adding keys one by one) room for 4 properties in the
 * object itself and puts the rest in a separate PropertyArray: 40 more bytes, one more object, for
 * every series with more than 4 labels (most: __name__, job, instance and two of its own). An
 * object literal holds all its properties in-object, so for each distinct list of label names we
 * compile one literal-returning function and reuse it. Label names are identifiers
 * ([a-zA-Z_][a-zA-Z0-9_]*, checked before compiling), so the generated source holds no user text
 * but quoted names. The number of shapes is capped: past it, fromEntries as before.
 */
import type { Labels } from './labels.js';

type Factory = (...values: string[]) => Labels;

const MAX_SHAPES = 2048;
const IDENT = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const factories = new Map<string, Factory | null>();

function factoryFor(names: readonly string[]): Factory | null {
  const key = names.join(',');
  let f = factories.get(key);
  if (f !== undefined) return f;
  if (factories.size >= MAX_SHAPES || names.length > 64 || !names.every((n) => IDENT.test(n))) {
    f = null;
  } else {
    const params = names.map((_, i) => `v${i}`);
    const body = `return Object.freeze({ ${names.map((n, i) => `${JSON.stringify(n)}: v${i}`).join(', ')} });`;
    f = new Function(...params, body) as Factory;
  }
  factories.set(key, f);
  return f;
}

/** labelRecord returns a frozen label object with `names[i]` set to `values[i]`, every property in-object. */
export function labelRecord(names: readonly string[], values: readonly string[]): Labels {
  const f = factoryFor(names);
  if (f !== null) return f(...values);
  return Object.freeze(Object.fromEntries(names.map((n, i) => [n, values[i]!])));
}
