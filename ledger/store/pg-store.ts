/**
 * `LedgerStore` on a PostgreSQL server through `pg`. Durable when the server syncs its WAL at commit (`fsync` on
 * and `synchronous_commit` not `off`): checked on the server, not assumed.
 */
import pg from 'pg';
import type { Pool } from 'pg';
import type { LedgerStore, Queryable, Row } from './ledger-store.ts';
import { applySchema } from './schema-sql.ts';

export class PgStore implements LedgerStore {
  readonly kind = 'postgres';
  #durable: boolean | undefined;
  private constructor(private readonly pool: Pool) {}

  /** Connects to `connectionString` (e.g. `postgres://user@127.0.0.1:5432/kart`) and migrates the schema. */
  static async open(connectionString: string, options: { readonly maxConnections?: number } = {}): Promise<PgStore> {
    const pool = new pg.Pool({ connectionString, max: options.maxConnections ?? 8 });
    pool.on('error', () => undefined); // An idle client's fault surfaces on the next query instead.
    const store = new PgStore(pool);
    try {
      await applySchema(store);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return store;
  }

  async query(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    return (await this.pool.query(sql, [...params])).rows as Row[];
  }

  async durable(): Promise<boolean> {
    if (this.#durable === undefined) {
      const [fsync] = await this.query('SHOW fsync');
      const [commit] = await this.query('SHOW synchronous_commit');
      this.#durable = fsync?.['fsync'] === 'on' && commit?.['synchronous_commit'] !== 'off';
    }
    return this.#durable;
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work({ query: async (sql, params = []) => (await client.query(sql, [...params])).rows as Row[] });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
