// System relations of pg_catalog, with PostgreSQL 16's columns and types, computed on each read
// from the live catalog and session. The relations live in the files beside this one.
import type { PgSystemRelation } from './columns.js';
import { pgAttrdef, pgAttribute } from './pg-attribute.js';
import { pgClass, pgNamespace } from './pg-class.js';
import { EMPTY_CATALOGS } from './pg-empty.js';
import {
  pgAuthMembers,
  pgAuthid,
  pgDatabase,
  pgRoles,
  pgShadow,
  pgTablespace,
  pgUser,
} from './pg-global.js';
import { pgConstraint, pgIndex } from './pg-index.js';
import { pgProc } from './pg-proc.js';
import { pgSettings, pgStatActivity, pgStatUserTables } from './pg-stat.js';
import { pgAm, pgCollation, pgEnum, pgLanguage, pgRange, pgType } from './pg-type.js';
import {
  pgDepend,
  pgIndexes,
  pgMatviews,
  pgSequence,
  pgSequences,
  pgTables,
  pgViews,
} from './pg-views.js';

export const PG_CATALOG_RELATIONS: readonly PgSystemRelation[] = [
  pgNamespace,
  pgClass,
  pgAttribute,
  pgAttrdef,
  pgType,
  pgIndex,
  pgConstraint,
  pgProc,
  pgDatabase,
  pgAuthid,
  pgRoles,
  pgUser,
  pgShadow,
  pgAuthMembers,
  pgTablespace,
  pgSettings,
  pgStatActivity,
  pgStatUserTables,
  pgAm,
  pgCollation,
  pgRange,
  pgEnum,
  pgLanguage,
  pgTables,
  pgViews,
  pgIndexes,
  pgMatviews,
  pgSequences,
  pgSequence,
  pgDepend,
  ...EMPTY_CATALOGS,
];
