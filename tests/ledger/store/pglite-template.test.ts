import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from '../../support/suite.ts';

const cache = mkdtempSync(join(tmpdir(), 'kart-pglite-cache-'));
process.env['KART_PGLITE_CACHE'] = cache;
const { PgliteStore } = await import('../../../ledger/store/pglite-store.ts');

const test = suite('ledger/store/pglite-template', { timeoutMs: 60_000 });
const templates = (): string[] => readdirSync(cache).filter((f) => f.endsWith('.tar.gz'));

test.after(() => rmSync(cache, { recursive: true, force: true }));

test('the first in-memory store writes the template; the next starts from it, empty and with the schema', async () => {
  const first = await PgliteStore.open();
  await first.query(`INSERT INTO households (household_id, beneficiaries) VALUES ('00000000000000aa', 4)`);
  await first.close();
  assert.is(templates().length, 1);
  const written = statSync(join(cache, templates()[0]!)).mtimeMs;
  const second = await PgliteStore.open();
  assert.equal(await second.query('SELECT count(*)::int AS n FROM households'), [{ n: 0 }], 'a fresh database, not the last one');
  await second.close();
  assert.is(statSync(join(cache, templates()[0]!)).mtimeMs, written, 'loaded, not rebuilt');
});

test('a damaged template is rebuilt, never trusted', async () => {
  const file = join(cache, templates()[0]!);
  writeFileSync(file, Uint8Array.of(1, 2, 3));
  const store = await PgliteStore.open();
  assert.equal(await store.query('SELECT count(*)::int AS n FROM transactions'), [{ n: 0 }]);
  await store.close();
  assert.ok(statSync(file).size > 1000, 'rewritten');
});

test.run();
