// System relations of information_schema (being written).
import type { SystemRelation } from './registry.js';

export const INFORMATION_SCHEMA_RELATIONS: readonly SystemRelation[] = [];
