import { suite } from '../../support/suite.ts';
import { skipSuite } from '../../support/skip.ts';
import { POSTGRES_FIX, startPostgres, type TestPostgres } from '../../support/postgres.ts';
import { PgStore } from '../../../ledger/store/pg-store.ts';
import { ledgerContract } from '../ledger.contract.ts';

const NAME = 'ledger/store/pg-store';
const server: TestPostgres | undefined = await startPostgres();
if (!server) {
  skipSuite(NAME, { reason: 'PostgreSQL 15 (initdb, postgres) is not installed', fix: POSTGRES_FIX, requiredInCi: true });
} else {
  const test = suite(NAME, { timeoutMs: 60_000 });
  // The test cluster runs with fsync and synchronous commit on: acknowledgements say durable = true.
  ledgerContract(test, () => PgStore.open(server.url), true);
  test.after(() => server.stop());
  test.run();
}
