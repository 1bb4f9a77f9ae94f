/**
 * A cached PGlite data directory with the ledger's schema applied, so that an in-memory ledger (the embedded
 * one, tests) starts by loading it instead of running initdb every time. Kept under node_modules/.cache/kart (or
 * `KART_PGLITE_CACHE`), named by the PGlite version and a hash of the schema, written atomically; a file that
 * cannot be read is ignored and rebuilt.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { SCHEMA_SQL } from './schema-sql.ts';

const root = resolve(import.meta.dirname, '../..');

function templatePath(): string {
  const dir = process.env['KART_PGLITE_CACHE'] ?? join(root, 'node_modules/.cache/kart');
  let version = 'unknown';
  try {
    // The package's exports hide package.json from require; read it where npm put it.
    version = (JSON.parse(readFileSync(join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    // The schema hash still tells templates apart.
  }
  const schema = createHash('sha256').update(SCHEMA_SQL.join('\n')).digest('hex').slice(0, 16);
  return join(dir, `pglite-${version}-${schema}.tar.gz`);
}

/** The cached template's bytes, or undefined when there is none. */
export function loadTemplate(): Uint8Array | undefined {
  try {
    return readFileSync(templatePath());
  } catch {
    return undefined;
  }
}

/** Saves `db`'s data directory as the template (best effort: a read-only cache folder only costs start-up time). */
export async function saveTemplate(db: PGlite): Promise<void> {
  try {
    const path = templatePath();
    const bytes = new Uint8Array(await (await db.dumpDataDir('gzip')).arrayBuffer());
    mkdirSync(resolve(path, '..'), { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, bytes);
    renameSync(temp, path);
  } catch {
    // Not cached; the next start runs initdb again.
  }
}
