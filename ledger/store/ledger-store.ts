/**
 * The ledger's storage: one interface, two back ends with the same SQL (PostgreSQL 15 features only):
 * `PgliteStore` (embedded, in-process; does not fsync, so it is not durable against power loss) and `PgStore`
 * (a PostgreSQL server through `pg`; durable when the server runs with fsync and synchronous commit).
 */

/** A row as the driver returns it; columns are read with the helpers in `rows.ts`. */
export type Row = Record<string, unknown>;

export interface Queryable {
  /** Runs one statement with `$1`-style parameters and returns its rows. */
  query(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface LedgerStore extends Queryable {
  /** Which back end, for reports and figures. */
  readonly kind: 'pglite' | 'postgres';
  /** True when a committed transaction survives a power loss. */
  durable(): Promise<boolean>;
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
