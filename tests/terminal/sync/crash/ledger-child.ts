/**
 * The ledger process of the crash test (run with `fork`, IPC on): the reference ledger on PGlite in the data
 * directory `argv[2]`, its HTTP server on an ephemeral loopback port, the signing key in `DIR/ledger-key.pem`, and
 * the crash test's cards registered. It answers the parent over IPC:
 * - `{ kind: 'enrol', id, terminalId, spki }` enrols a terminal;
 * - `{ kind: 'kill-plan', id, atIngest, phase }` makes the `atIngest`-th ingest from now SIGKILL this process at
 *   `phase`: `before` (request read, nothing stored), `in-transaction` (rows written, COMMIT not sent) or `after`
 *   (committed, answer not sent); `atIngest` 0 cancels the plan;
 * - `{ kind: 'dump', id, terminalId }` returns what the ledger holds of a terminal.
 * It first sends `{ kind: 'ready', port, publicKey }`. TEST KEYS ONLY.
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { FileKeyStore } from '../../../../terminal/keys/file-key-store.ts';
import { Ledger } from '../../../../ledger/ledger.ts';
import { createLedgerServer } from '../../../../ledger/server.ts';
import { PgliteStore } from '../../../../ledger/store/pglite-store.ts';
import type { LedgerStore, Queryable } from '../../../../ledger/store/ledger-store.ts';
import { bin, num } from '../../../../ledger/store/rows.ts';
import { CA_CERT, DAY } from '../../../ledger/ledger-fixtures.ts';
import { crashCards } from './crash-cards.ts';

export type KillPhase = 'before' | 'in-transaction' | 'after';

/** Messages from the parent. */
export type ChildRequest =
  | { readonly kind: 'enrol'; readonly id: number; readonly terminalId: number; readonly spki: string }
  | { readonly kind: 'kill-plan'; readonly id: number; readonly atIngest: number; readonly phase: KillPhase }
  | { readonly kind: 'dump'; readonly id: number; readonly terminalId: number };

/** What the ledger holds of one terminal (hex strings). */
export interface LedgerDump {
  readonly storedUpTo: number;
  readonly lastHash: string;
  readonly records: readonly { readonly seq: number; readonly frame: string; readonly verdict: string }[];
  readonly transactionSeqs: readonly number[];
}

const dir = process.argv[2];
if (!dir || !process.send) throw new Error('usage: fork ledger-child.ts DATA_DIR (with IPC)');
const send = (message: unknown): void => void process.send!(message);
const die = (): never => {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
};

let plan: { atIngest: number; phase: KillPhase } | undefined;
let ingests = 0;
let dying: KillPhase | undefined;

const inner = await PgliteStore.open(dir);
/** The store, with a kill point between the transaction's work and its COMMIT. */
const store: LedgerStore = {
  kind: inner.kind,
  durable: () => inner.durable(),
  query: (sql, params) => inner.query(sql, params),
  close: () => inner.close(),
  transaction: <T>(work: (tx: Queryable) => Promise<T>) => inner.transaction(async (tx) => {
    const result = await work(tx);
    if (dying === 'in-transaction') die();
    return result;
  }),
};

/** The ledger, with the kill points of the plan around each ingest. */
class KillableLedger extends Ledger {
  override async ingest(message: Uint8Array) {
    ingests++;
    dying = plan && plan.atIngest === ingests ? plan.phase : undefined;
    if (dying === 'before') die();
    const result = await super.ingest(message);
    if (dying === 'after') die();
    return result;
  }
}

const keys = await FileKeyStore.open(join(dir, 'ledger-key.pem'));
const ledger = new KillableLedger({ store, keys, trustedCas: [CA_CERT], now: () => (DAY + 1) * 86_400_000 });
for (const card of crashCards()) {
  await ledger.registerCard(card.issuerBytes, card.cardBytes, DAY);
  await ledger.setHousehold(card.householdId, 1000);
}

async function dump(terminalId: number): Promise<LedgerDump> {
  const [terminal] = await store.query('SELECT stored_up_to, last_hash FROM terminals WHERE terminal_id = $1', [terminalId]);
  const records = await store.query('SELECT seq, frame, verdict FROM records WHERE terminal_id = $1 ORDER BY seq', [terminalId]);
  const sales = await store.query('SELECT seq FROM transactions WHERE terminal_id = $1 ORDER BY seq', [terminalId]);
  return {
    storedUpTo: terminal ? num(terminal['stored_up_to']) : -1,
    lastHash: terminal ? Buffer.from(bin(terminal['last_hash'])).toString('hex') : '',
    records: records.map((r) => ({ seq: num(r['seq']), frame: Buffer.from(bin(r['frame'])).toString('hex'), verdict: String(r['verdict']) })),
    transactionSeqs: sales.map((r) => num(r['seq'])),
  };
}

process.on('message', (raw) => {
  const request = raw as ChildRequest;
  const answer = async (): Promise<unknown> => {
    if (request.kind === 'enrol') return ledger.enrolTerminal(request.terminalId, 'crash test', new Uint8Array(Buffer.from(request.spki, 'hex')));
    if (request.kind === 'kill-plan') {
      plan = request.atIngest > 0 ? { atIngest: request.atIngest + ingests, phase: request.phase } : undefined;
      return undefined;
    }
    return dump(request.terminalId);
  };
  answer().then(
    (value) => send({ kind: 'answer', id: request.id, value }),
    (error: unknown) => send({ kind: 'answer', id: request.id, error: String((error as Error).message ?? error) }),
  );
});
process.on('disconnect', () => process.exit(0));

const server = createLedgerServer(ledger, { onError: (error) => process.stderr.write(`crash ledger: ${String(error)}\n`) });
server.listen(0, '127.0.0.1', async () => {
  send({ kind: 'ready', port: (server.address() as AddressInfo).port, publicKey: Buffer.from(await keys.publicKey()).toString('hex') });
});
