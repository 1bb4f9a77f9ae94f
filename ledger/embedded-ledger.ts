/**
 * The embedded ledger for the test bench, `npm start` and tests: the reference ledger in this process on PGlite in
 * memory, its HTTP server (`server.ts`) on an ephemeral loopback port, a fresh signing key for this run, and the
 * TEST issuer's CA trusted (by default), with helpers to enrol a terminal's key and to register a household's
 * issued cards. Terminals reach it as any ledger, through an uplink to `url`. PGlite does not fsync: its
 * acknowledgements say `durable = false`, so terminals synced to it keep their records.
 */
import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestIssuer } from '../card/gov/test-issuer.ts';
import type { KeyStore } from '../terminal/keys/key-store.ts';
import { encodeCertificate, type Certificate } from '../terminal/schemas/certificate.ts';
import { Ledger } from './ledger.ts';
import { createLedgerServer } from './server.ts';
import { PgliteStore } from './store/pglite-store.ts';

/** The certificates a card registry needs from its issuer. */
export interface EmbeddedLedgerIssuer {
  /** Trusted: card chains must end here. */
  readonly caCertificate: Certificate;
  /** Registered with every card of this issuer. */
  readonly issuerCertificate: Certificate;
}

export interface EmbeddedLedgerOptions {
  /** Default: the TEST issuer (`card/gov/test-issuer.ts`). TEST KEYS ONLY. */
  readonly issuer?: EmbeddedLedgerIssuer;
  /** Milliseconds since the epoch (default `Date.now`): decides which certificates are valid today. */
  readonly now?: () => number;
  /** The ledger's signing key (default: a fresh P-256 key in memory). */
  readonly keys?: KeyStore;
  /** Called with unexpected server faults (answered with 500). */
  readonly onError?: (error: unknown) => void;
}

/** A running embedded ledger. */
export interface EmbeddedLedger {
  readonly ledger: Ledger;
  /** Base URL of its HTTP service, e.g. `http://127.0.0.1:41234`, for `HttpUplink`. */
  readonly url: string;
  /** The public key (SPKI DER) that terminals verify acknowledgements and household views with. */
  readonly publicKey: Uint8Array;
  /** The same key as the list-signing key of its blocklist and switched-households deltas (compressed point). */
  readonly listSigningKey: Uint8Array;
  /** Enrols a terminal and its first key (SPKI DER), valid from seq 1. */
  enrolTerminal(terminalId: number, spki: Uint8Array, site?: string): Promise<void>;
  /** Registers one card certificate of the issuer (its chain must verify today). */
  registerCard(card: Certificate | Uint8Array): Promise<void>;
  /** Registers a household's entitlement (beneficiaries) and every card issued to it. */
  registerHousehold(household: { readonly householdId: Uint8Array; readonly beneficiaries: number }, cards: readonly { readonly certificate: Certificate }[]): Promise<void>;
  /** Stops the server and closes the database. */
  close(): Promise<void>;
}

function memoryKeys(): KeyStore {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = new Uint8Array(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }));
  return {
    publicKey: async () => spki.slice(),
    sign: async (data) => new Uint8Array(sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' })),
  };
}

/** Starts an embedded ledger; see the module description. */
export async function startEmbeddedLedger(options: EmbeddedLedgerOptions = {}): Promise<EmbeddedLedger> {
  const issuer = options.issuer ?? createTestIssuer();
  const now = options.now ?? Date.now;
  const keys = options.keys ?? memoryKeys();
  const store = await PgliteStore.open();
  const ledger = new Ledger({ store, keys, trustedCas: [issuer.caCertificate], now });
  let server: Server;
  try {
    server = createLedgerServer(ledger, options.onError ? { onError: options.onError } : {});
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  const issuerBytes = encodeCertificate(issuer.issuerCertificate);
  const registerCard = (card: Certificate | Uint8Array): Promise<void> =>
    ledger.registerCard(issuerBytes, card instanceof Uint8Array ? card : encodeCertificate(card), Math.floor(now() / 86_400_000));
  let closed: Promise<void> | undefined;
  return {
    ledger,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    publicKey: await keys.publicKey(),
    listSigningKey: await ledger.listSigningKey(),
    enrolTerminal: (terminalId, spki, site = 'test bench') => ledger.enrolTerminal(terminalId, site, spki),
    registerCard,
    async registerHousehold(household, cards) {
      await ledger.setHousehold(household.householdId, household.beneficiaries);
      for (const card of cards) await registerCard(card.certificate);
    },
    close() {
      closed ??= (async () => {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
        await store.close();
      })();
      return closed;
    },
  };
}
