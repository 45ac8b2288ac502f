// jsonb operations on JsonNode trees: field/element/path access, containment (@>), existence
// (?), concatenation (||), deletion (-, #-), jsonb_set/jsonb_insert and jsonb_strip_nulls, with
// PostgreSQL's errors (22023 for wrong shapes, 22P02 for non-integer array path elements).
import {
  invalidParameterValue,
  invalidTextRepresentation,
  nullValueNotAllowed,
} from '../../errors/index.js';
import { Numeric, compareJson, type JsonNode, type JsonObject } from '../../repr/index.js';
import { isObject } from './jsonb-convert.js';
import { formatJson, jsonbObject } from '../../repr/io/json.js';

export function field(v: JsonNode, key: string): JsonNode | undefined {
  return isObject(v) ? v.get(key) : undefined;
}

export function element(v: JsonNode, i: number): JsonNode | undefined {
  if (!Array.isArray(v)) return undefined;
  const k = i < 0 ? v.length + i : i;
  return k >= 0 && k < v.length ? v[k] : undefined;
}

/** #> : follows a text[] path; array steps need integer text. undefined when absent. */
export function path(v: JsonNode, steps: readonly (string | null)[]): JsonNode | undefined {
  let cur: JsonNode | undefined = v;
  for (const s of steps) {
    if (cur === undefined || s === null) return undefined;
    if (isObject(cur)) cur = cur.get(s);
    else if (Array.isArray(cur)) {
      if (!/^\s*[+-]?\d+\s*$/.test(s)) return undefined;
      cur = element(cur, Number(s));
    } else return undefined;
  }
  return cur;
}

/** ->> style text of a node: strings unquoted, JSON null → SQL NULL. */
export function asText(v: JsonNode | undefined): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : formatJson(v);
}

const isScalar = (v: JsonNode): boolean =>
  v === null || typeof v !== 'object' || v instanceof Numeric;

/** a @> b. */
export function contains(a: JsonNode, b: JsonNode, top = true): boolean {
  if (isObject(a)) {
    if (!isObject(b)) return false;
    for (const [k, bv] of b) {
      const av = a.get(k);
      if (av === undefined) return false;
      if (isScalar(bv) ? !isScalar(av) || compareJson(av, bv) !== 0 : !contains(av, bv, false))
        return false;
    }
    return true;
  }
  if (Array.isArray(a)) {
    if (isScalar(b) && top) return a.some((x) => isScalar(x) && compareJson(x, b) === 0);
    if (!Array.isArray(b)) return false;
    return b.every((bv) =>
      isScalar(bv)
        ? a.some((x) => isScalar(x) && compareJson(x, bv) === 0)
        : a.some(
            (x) => !isScalar(x) && Array.isArray(x) === Array.isArray(bv) && contains(x, bv, false),
          ),
    );
  }
  return isScalar(b) && compareJson(a, b) === 0;
}

/** ? : a key of an object, a string element of an array, or the string itself. */
export function exists(v: JsonNode, key: string): boolean {
  if (isObject(v)) return v.has(key);
  if (Array.isArray(v)) return v.some((x) => x === key);
  return v === key;
}

/** || */
export function concat(a: JsonNode, b: JsonNode): JsonNode {
  if (isObject(a) && isObject(b)) return jsonbObject([...a, ...b]);
  const asArr = (x: JsonNode): JsonNode[] => (Array.isArray(x) ? x : [x]);
  return [...asArr(a), ...asArr(b)];
}

/** jsonb - text: drops a key, or matching string elements. */
export function deleteKey(v: JsonNode, key: string): JsonNode {
  if (isObject(v)) return new Map([...v].filter(([k]) => k !== key));
  if (Array.isArray(v)) return v.filter((x) => x !== key);
  throw invalidParameterValue('cannot delete from scalar');
}

/** jsonb - int: drops an array element (negative counts from the end). */
export function deleteIndex(v: JsonNode, i: number): JsonNode {
  if (isObject(v)) throw invalidParameterValue('cannot delete from object using integer index');
  if (!Array.isArray(v)) throw invalidParameterValue('cannot delete from scalar');
  const k = i < 0 ? v.length + i : i;
  return v.filter((_x, j) => j !== k);
}

function pathIndex(s: string | null, pos: number): number {
  if (s === null || !/^\s*[+-]?\d+\s*$/.test(s)) {
    throw invalidTextRepresentation(`path element at position ${pos} is not an integer: "${s}"`);
  }
  return Number(s);
}

function checkPathNulls(steps: readonly (string | null)[]): void {
  steps.forEach((s, i) => {
    if (s === null) throw nullValueNotAllowed(`path element at position ${i + 1} is null`);
  });
}

/** #- : deletes the element a path points at. */
export function deletePath(v: JsonNode, steps: readonly (string | null)[]): JsonNode {
  if (isScalar(v)) throw invalidParameterValue('cannot delete path in scalar');
  if (steps.length === 0) return v;
  const rec = (node: JsonNode, i: number): JsonNode => {
    const s = steps[i] ?? null;
    const last = i === steps.length - 1;
    if (isObject(node)) {
      if (s === null || !node.has(s)) return node;
      if (last) return new Map([...node].filter(([k]) => k !== s));
      return new Map([...node].map(([k, x]) => [k, k === s ? rec(x, i + 1) : x]));
    }
    if (Array.isArray(node)) {
      if (s === null || !/^\s*[+-]?\d+\s*$/.test(s)) {
        throw invalidTextRepresentation(
          `path element at position ${i + 1} is not an integer: "${s}"`,
        );
      }
      const n = Number(s);
      const k = n < 0 ? node.length + n : n;
      if (k < 0 || k >= node.length) return node;
      if (last) return node.filter((_x, j) => j !== k);
      return node.map((x, j) => (j === k ? rec(x, i + 1) : x));
    }
    return node;
  };
  return rec(v, 0);
}

type SetMode = { kind: 'set'; create: boolean } | { kind: 'insert'; after: boolean };

/** jsonb_set / jsonb_insert. */
export function setPath(
  v: JsonNode,
  steps: readonly (string | null)[],
  value: JsonNode,
  mode: SetMode,
): JsonNode {
  if (isScalar(v)) throw invalidParameterValue('cannot set path in scalar');
  checkPathNulls(steps);
  if (steps.length === 0) return v;
  const rec = (node: JsonNode, i: number): JsonNode => {
    const s = steps[i]!;
    const last = i === steps.length - 1;
    if (isObject(node)) {
      const has = node.has(s);
      if (last) {
        if (has && mode.kind === 'insert') {
          throw invalidParameterValue('cannot replace existing key', {
            hint: 'Try using the function jsonb_set to replace key value.',
          });
        }
        if (has || mode.kind === 'insert' || mode.create) return jsonbObject([...node, [s, value]]);
        return node;
      }
      if (!has) return node;
      return new Map([...node].map(([k, x]) => [k, k === s ? rec(x, i + 1) : x])) as JsonObject;
    }
    if (Array.isArray(node)) {
      const n = pathIndex(s, i + 1);
      let k = n < 0 ? node.length + n : n;
      if (last) {
        const out = [...node];
        if (mode.kind === 'insert') {
          if (k < 0) k = 0;
          if (k > node.length) k = node.length;
          else if (mode.after && n >= -node.length) k += 1;
          out.splice(k, 0, value);
          return out;
        }
        if (k >= 0 && k < node.length) out[k] = value;
        else if (mode.create) {
          if (k < 0) out.unshift(value);
          else out.push(value);
        }
        return out;
      }
      if (k < 0 || k >= node.length) return node;
      return node.map((x, j) => (j === k ? rec(x, i + 1) : x));
    }
    return node;
  };
  return rec(v, 0);
}

export function stripNulls(v: JsonNode): JsonNode {
  if (isObject(v))
    return new Map([...v].filter(([, x]) => x !== null).map(([k, x]) => [k, stripNulls(x)]));
  if (Array.isArray(v)) return v.map(stripNulls);
  return v;
}

export function typeOf(v: JsonNode): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  if (v instanceof Numeric) return 'number';
  return Array.isArray(v) ? 'array' : 'object';
}
