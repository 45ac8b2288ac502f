// Column defaults as PostgreSQL's pg_get_expr prints them. PostgreSQL stores a default as an
// expression tree and deparses it, so a default written as a literal comes back with the literal's
// type made explicit where the bare text would not re-parse as the same constant: a string literal
// on a text column is 'x'::text, a negative integer is '-1'::integer. Eddy keeps the default's SQL
// as written; this adds those decorations for the literal forms (other expressions, such as now()
// or 42, print as written, as they do in PostgreSQL).
import type { SqlType } from '../../repr/index.js';

/** The type names PostgreSQL's deparser writes after a string literal, by Eddy's type name. */
const STRING_LABEL: Readonly<Record<string, string>> = {
  text: 'text',
  varchar: 'character varying',
  bpchar: 'bpchar',
};

const STRING_LITERAL = /^'(?:[^']|'')*'$/;
const NEGATIVE_INTEGER = /^-\s*(\d+)$/;
const NEGATIVE_DECIMAL = /^-\s*(\d*\.\d+|\d+\.\d*)$/;
const INT4_MAX = 2147483647n;

/** The default as pg_get_expr(adbin, adrelid) shows it for a column of type `type`. */
export function deparsedDefault(sql: string, type: SqlType): string {
  const text = sql.trim();
  const label = type.kind === 'scalar' ? STRING_LABEL[type.name] : undefined;
  if (label !== undefined && STRING_LITERAL.test(text)) return `${text}::${label}`;
  const int = NEGATIVE_INTEGER.exec(text);
  if (int !== null) {
    const kind = BigInt(int[1]!) <= INT4_MAX + 1n ? 'integer' : 'bigint';
    return `'-${int[1]!}'::${kind}`;
  }
  const dec = NEGATIVE_DECIMAL.exec(text);
  if (dec !== null) return `'-${dec[1]!}'::numeric`;
  return sql;
}
