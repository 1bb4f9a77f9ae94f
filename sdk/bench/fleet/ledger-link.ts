/**
 * A terminal's network path to the shared ledger, which can be cut: a loopback HTTP relay in front of the embedded
 * ledger's server. Up, it forwards each request as it is; down, it drops the connection at once (the terminal sees
 * `HAL_DISCONNECTED`/`HAL_NETWORK` and decides offline), for the batches and the household usage lookups alike, as a
 * regional outage would. The terminal gets the ledger through `ledger` (the same embedded ledger, its URL the relay's).
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmbeddedLedger } from '../../../ledger/embedded-ledger.ts';

export interface LedgerLink {
  /** The embedded ledger as this terminal reaches it (its `url` is the relay's). */
  readonly ledger: EmbeddedLedger;
  readonly up: boolean;
  /** Requests dropped while down. */
  readonly dropped: number;
  setUp(up: boolean): void;
  close(): Promise<void>;
}

/** Starts a relay to `target`'s server; see the file comment. */
export async function startLedgerLink(target: EmbeddedLedger): Promise<LedgerLink> {
  const to = new URL(target.url);
  let up = true;
  let dropped = 0;
  const server: Server = createServer((req, res) => {
    if (!up) {
      dropped++;
      req.socket.destroy();
      return;
    }
    const out = request(
      { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => req.socket.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Everything but the URL is the shared ledger's; closing is the fleet's business, not the terminal's.
  const ledger: EmbeddedLedger = {
    ledger: target.ledger, url, publicKey: target.publicKey, listSigningKey: target.listSigningKey,
    enrolTerminal: (id, spki, site) => target.enrolTerminal(id, spki, site),
    registerCard: (card) => target.registerCard(card),
    registerHousehold: (household, cards) => target.registerHousehold(household, cards),
    close: async () => undefined,
  };
  return {
    ledger,
    get up() { return up; },
    get dropped() { return dropped; },
    setUp(value) {
      up = value;
      if (!up) server.closeIdleConnections();
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
