// System relations of pg_catalog (being written).
import type { SystemRelation } from './registry.js';

export const PG_CATALOG_RELATIONS: readonly SystemRelation[] = [];
