// Plan optimizations on the lowered relation. Kept deliberately small for now: constant folding
// of filters that are literally true, and fusing adjacent projections. Join keys are found at
// render time (join-keys.ts). Predicate push-down comes with maintained views.
import type { Rel } from '../sql/hir.js';

export function optimize(rel: Rel): Rel {
  switch (rel.kind) {
    case 'filter': {
      const input = optimize(rel.input);
      const preds = rel.predicates.filter((p) => !(p.kind === 'literal' && p.value === true));
      return preds.length === 0 ? input : { ...rel, input, predicates: preds };
    }
    case 'project': {
      const input = optimize(rel.input);
      if (input.kind === 'project') {
        return {
          kind: 'project',
          input: input.input,
          outputs: rel.outputs.map((o) => input.outputs[o]!),
        };
      }
      return { ...rel, input };
    }
    case 'map':
    case 'flatMap':
    case 'reduce':
    case 'distinct':
    case 'topK':
    case 'window':
    case 'negate':
    case 'threshold':
      return { ...rel, input: optimize(rel.input) } as Rel;
    case 'join':
      return { ...rel, left: optimize(rel.left), right: optimize(rel.right) };
    case 'union':
      return { ...rel, inputs: rel.inputs.map(optimize) };
    case 'get':
    case 'constant':
      return rel;
    default: {
      const never: never = rel;
      return never;
    }
  }
}
