// Registry of system relations (pg_catalog, information_schema): each is a relation computed on
// read from the live catalog and session, so tools that introspect see what exists now.
import type { Datum, SqlType } from '../../repr/index.js';
import type { Catalog } from '../catalog/catalog.js';
import type { StoreSnapshot } from '../store-api.js';
import type { Streaming } from '../streaming/streaming.js';

/** Schemas of relations computed on read: PostgreSQL's, and Materialize's for streaming objects. */
export type SystemSchema = 'pg_catalog' | 'information_schema' | 'mz_catalog' | 'mz_internal';
export const MZ_SCHEMAS: readonly string[] = ['mz_catalog', 'mz_internal'];

import type { Sequences } from '../sequences.js';

export interface SystemContext {
  readonly catalog: Catalog;
  readonly database: string;
  readonly user: string;
  setting(name: string): string | undefined;
  /** All settings (for pg_settings). */
  settings(): { name: string; setting: string; description: string }[];
  readonly backendPid: number;
  readonly serverStart: Date;
  /** Sources and sinks at run time (their status and statistics), if the server runs them. */
  readonly streaming?: Streaming | null;
  /** The snapshot the statement reads (for relations backed by storage). */
  readonly snapshot?: StoreSnapshot;
  /** Where sequences are (pg_sequences.last_value). */
  readonly sequences?: Sequences;
}

export interface SystemRelation {
  readonly schema: SystemSchema;
  readonly name: string;
  readonly oid: number;
  readonly columns: readonly { readonly name: string; readonly type: SqlType }[];
  rows(ctx: SystemContext): Iterable<readonly Datum[]>;
}

const RELATIONS = new Map<string, SystemRelation>();

export function registerSystemRelations(list: readonly SystemRelation[]): void {
  for (const r of list) RELATIONS.set(`${r.schema}.${r.name}`, r);
}

export function systemRelation(schema: string, name: string): SystemRelation | undefined {
  return RELATIONS.get(`${schema}.${name}`);
}

export function systemRelationById(id: string): SystemRelation | undefined {
  return id.startsWith('sys:') ? RELATIONS.get(id.slice(4)) : undefined;
}

/**
 * The relations of pg_catalog and information_schema (what pg_class lists). Materialize's
 * mz_catalog / mz_internal relations are resolvable by name and OID but not listed there, so
 * tools and psql see PostgreSQL's catalogs as PostgreSQL has them.
 */
export function allSystemRelations(): readonly SystemRelation[] {
  return [...RELATIONS.values()].filter((r) => !MZ_SCHEMAS.includes(r.schema));
}

/** Every system relation, Materialize's included. */
export function everySystemRelation(): readonly SystemRelation[] {
  return [...RELATIONS.values()];
}
