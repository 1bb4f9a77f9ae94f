/**
 * The part of `pg` (8.x) the ledger uses. `pg` ships no types and `@types/pg` is not a dependency; this
 * declaration keeps the store type-checked without it.
 */
declare module 'pg' {
  interface QueryResult {
    rows: Record<string, unknown>[];
  }
  interface PoolClient {
    query(sql: string, params?: unknown[]): Promise<QueryResult>;
    release(error?: Error | boolean): void;
  }
  interface PoolConfig {
    connectionString?: string;
    max?: number;
  }
  class Pool {
    constructor(config?: PoolConfig);
    query(sql: string, params?: unknown[]): Promise<QueryResult>;
    connect(): Promise<PoolClient>;
    end(): Promise<void>;
    on(event: 'error', listener: (error: Error) => void): this;
  }
  const pg: { Pool: typeof Pool };
  export default pg;
  export type { Pool, PoolClient, PoolConfig, QueryResult };
}
