/**
 * `LedgerStore` on PGlite (@electric-sql/pglite): PostgreSQL compiled to WebAssembly, in this process, in memory
 * or in a data directory. It does not fsync its files, so its acknowledgements say `durable: false` and terminals
 * keep their records.
 */
import { PGlite } from '@electric-sql/pglite';
import type { LedgerStore, Queryable, Row } from './ledger-store.ts';
import { applySchema } from './schema-sql.ts';
import { loadTemplate, saveTemplate } from './pglite-template.ts';

export class PgliteStore implements LedgerStore {
  readonly kind = 'pglite';
  private constructor(private readonly db: PGlite) {}

  /** Opens (and migrates) a database in `dataDir`, or in memory without one. */
  static async open(dataDir?: string): Promise<PgliteStore> {
    if (dataDir !== undefined) {
      const db = new PGlite(dataDir);
      await db.waitReady;
      const store = new PgliteStore(db);
      await applySchema(store);
      return store;
    }
    // In memory: start from the cached template (initdb and schema done once) when there is one; initdb alone
    // takes seconds, loading the template well under one.
    const template = loadTemplate();
    if (template) {
      try {
        const db = new PGlite({ loadDataDir: new Blob([template]) });
        await db.waitReady;
        const store = new PgliteStore(db);
        await applySchema(store);
        return store;
      } catch {
        // A template that does not load (another PGlite version, a damaged file) is rebuilt below.
      }
    }
    const db = new PGlite();
    await db.waitReady;
    const store = new PgliteStore(db);
    await applySchema(store);
    await saveTemplate(db);
    return store;
  }

  async query(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    return (await this.db.query<Row>(sql, [...params])).rows;
  }

  durable(): Promise<boolean> {
    return Promise.resolve(false);
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => work({ query: async (sql, params = []) => (await tx.query<Row>(sql, [...params])).rows }));
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
