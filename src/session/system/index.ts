// The system relations of pg_catalog and information_schema, and the catalog functions that go
// with them (pg_get_indexdef, pg_size_pretty, ...), registered at startup.
import { registerScalars } from '../../expr/registry.js';
import { CATALOG_FUNCTIONS } from './catalog-functions.js';
import { registerSystemRelations } from './registry.js';
import { PG_CATALOG_RELATIONS } from './pg-catalog.js';
import { INFORMATION_SCHEMA_RELATIONS } from './information-schema.js';
import { STREAMING_RELATIONS } from './mz-streaming.js';

let done = false;

export function registerCatalogRelations(): void {
  if (done) return;
  done = true;
  registerSystemRelations([
    ...PG_CATALOG_RELATIONS,
    ...INFORMATION_SCHEMA_RELATIONS,
    ...STREAMING_RELATIONS,
  ]);
  registerScalars(CATALOG_FUNCTIONS);
}
