// Small helpers over libpg-query's JSON AST (typed by @pgsql/types): a node is an object with one
// key naming its type. These keep the binder's dispatch readable.
import type { Node } from '@pgsql/types';
import { featureNotSupported, syntaxError } from '../errors/index.js';

export type { Node };

/** The node's type name and body. */
export function tagOf(node: Node): [string, Record<string, unknown>] {
  const keys = Object.keys(node);
  const tag = keys[0];
  if (tag === undefined || keys.length !== 1) throw syntaxError('malformed syntax tree node');
  return [tag, (node as unknown as Record<string, Record<string, unknown>>)[tag]!];
}

/** The String nodes of a name list (['pg_catalog', 'int4']). */
export function names(list: readonly Node[] | undefined): string[] {
  return (list ?? []).map((n) => {
    const [tag, body] = tagOf(n);
    if (tag === 'String') return String(body.sval ?? '');
    if (tag === 'A_Star') return '*';
    throw syntaxError(`unexpected ${tag} in name`);
  });
}

/** The node's `location` (0-based) as PostgreSQL's 1-based position, if present. */
export function positionOf(node: Node | undefined): number | undefined {
  if (node === undefined) return undefined;
  const [, body] = tagOf(node);
  const loc = body.location;
  return typeof loc === 'number' && loc >= 0 ? loc + 1 : undefined;
}

export function unsupported(what: string, position?: number): never {
  throw featureNotSupported(`${what} is not supported`, { position });
}
