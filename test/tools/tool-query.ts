// The shape of a replayed BI/IDE tool query (test/tools/<tool>.ts hold the queries themselves, each
// file naming the tool version and the source file the SQL comes from) and the fixture schema the
// runner (tools.test.ts) creates on Eddy and on the PostgreSQL oracle before replaying them.

/** OIDs the tools bind as parameters, looked up on the server the query runs against. */
export interface FixtureIds {
  /** pg_namespace.oid of a schema. */
  namespace(name: string): number;
  /** pg_class.oid of a relation (schema-qualified name). */
  relation(name: string): number;
}

export interface ToolQuery {
  /** What the tool does with the query (shown as the test name). */
  readonly name: string;
  /** The SQL text; a function when the tool writes an OID into the text. */
  readonly sql: string | ((ids: FixtureIds) => string);
  /** Bind parameters ($1, $2, ...), as the tool's driver sends them. */
  readonly params?: (ids: FixtureIds) => readonly unknown[];
  /** Columns the tool reads by name; each must be present with PostgreSQL's type. */
  readonly columns: readonly string[];
  /** Values the result must contain (for the fixture's objects): column → values. */
  readonly contains?: Readonly<Record<string, readonly unknown[]>>;
  /** Compare all rows (sorted) with PostgreSQL's: the result holds no OIDs or sizes. */
  readonly sameRowsAsPostgres?: boolean;
  /** Eddy's rows must all appear in PostgreSQL's result (catalog rows of built-ins). */
  readonly subsetOfPostgres?: boolean;
}

/** Objects every replayed query sees: a table with a primary key and defaults, a view, a
 *  materialized view with an index, and a table in a second schema. */
export const FIXTURE_SCHEMA: readonly string[] = [
  `CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, qty int NOT NULL DEFAULT 1,
     price numeric(10,2), placed timestamptz, paid boolean)`,
  'CREATE VIEW big_orders AS SELECT id, customer, qty FROM orders WHERE qty > 10',
  'CREATE MATERIALIZED VIEW per_customer AS SELECT customer, count(*) AS n FROM orders GROUP BY customer',
  'CREATE INDEX per_customer_idx ON per_customer (customer)',
  'CREATE SCHEMA sales',
  'CREATE TABLE sales.regions (code varchar(8), name text)',
  "INSERT INTO orders VALUES (1, 'ann', 12, 9.50, '2024-01-02 03:04:05+00', true)",
];
