// The system relations of pg_catalog and information_schema, registered at startup.
import { registerSystemRelations } from './registry.js';
import { PG_CATALOG_RELATIONS } from './pg-catalog.js';
import { INFORMATION_SCHEMA_RELATIONS } from './information-schema.js';

let done = false;

export function registerCatalogRelations(): void {
  if (done) return;
  done = true;
  registerSystemRelations([...PG_CATALOG_RELATIONS, ...INFORMATION_SCHEMA_RELATIONS]);
}
