// Test helpers for src/repr: type specs such as 'numeric(5,2)', 'char(3)' or 'int4[]'.
import { typeFromName } from '../../src/repr/pgtypes.js';
import type { SqlType } from '../../src/repr/types.js';

export function typeSpec(spec: string): SqlType {
  const m = /^([a-z0-9_ ]+?)(?:\(([-\d,]+)\))?(\[\])?$/.exec(spec);
  if (m === null) throw new Error(spec);
  const base = m[1] === 'char' && m[2] !== undefined ? 'bpchar' : m[1]!;
  const mods = m[2] === undefined ? [] : m[2].split(',').map(Number);
  const t = typeFromName(base + (m[3] ?? ''), mods);
  if (t === undefined) throw new Error(`unknown type ${spec}`);
  return t;
}
