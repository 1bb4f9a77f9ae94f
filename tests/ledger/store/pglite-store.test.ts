import { suite } from '../../support/suite.ts';
import { PgliteStore } from '../../../ledger/store/pglite-store.ts';
import { ledgerContract } from '../ledger.contract.ts';

const test = suite('ledger/store/pglite-store', { timeoutMs: 60_000 });
// PGlite does not fsync: its acknowledgements must say durable = false.
ledgerContract(test, () => PgliteStore.open(), false);
test.run();
