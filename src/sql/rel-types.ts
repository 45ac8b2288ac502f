// Output column types of a relational expression.
import { T, assertNever, type SqlType } from '../repr/index.js';
import type { Rel, Scalar } from './hir.js';

export function relTypes(rel: Rel): SqlType[] {
  switch (rel.kind) {
    case 'get':
    case 'constant':
    case 'workTable':
      return [...rel.types];
    case 'recursiveUnion':
      return relTypes(rel.base);
    case 'map':
      return [...relTypes(rel.input), ...rel.exprs.map(scalarType)];
    case 'filter':
    case 'distinct':
    case 'negate':
    case 'threshold':
    case 'topK':
      return relTypes(rel.input);
    case 'project': {
      const t = relTypes(rel.input);
      return rel.outputs.map((i) => t[i]!);
    }
    case 'flatMap':
      return [
        ...relTypes(rel.input),
        ...rel.func.columns.map((c) => c.type),
        ...(rel.func.ordinality ? [T.int8] : []),
      ];
    case 'join':
      return [...relTypes(rel.left), ...relTypes(rel.right)];
    case 'reduce':
      return [...rel.groupKey.map(scalarType), ...rel.aggregates.map((a) => a.type)];
    case 'window':
      return [...relTypes(rel.input), ...rel.calls.map((c) => c.type)];
    case 'union':
      return relTypes(rel.inputs[0]!);
    default:
      return assertNever(rel);
  }
}

export function relArity(rel: Rel): number {
  return relTypes(rel).length;
}

export function scalarType(s: Scalar): SqlType {
  return s.type;
}
