/**
 * `kart ledger serve [--port N] [--pg URL] [--data DIR] [--key FILE] [--ca FILE]... [--enrol ID:SITE:SPKI_HEX]...`:
 * runs the reference central ledger over HTTP until interrupted. Storage: PostgreSQL with `--pg`, else embedded
 * PGlite (in a data directory with `--data`, else in memory; PGlite does not fsync, so its acknowledgements say
 * durable = false). The ledger's signing key is the PKCS#8 file `--key` (default `DIR/ledger-key.pem` with
 * `--data`, else a fresh key for this run); its public key (SPKI hex) is printed for terminals to trust.
 */
import { generateKeyPairSync, createPublicKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliUsageError, type Command } from '../command.ts';
import { FileKeyStore } from '../../../terminal/keys/file-key-store.ts';
import type { KeyStore } from '../../../terminal/keys/key-store.ts';
import { decodeCertificate, type Certificate } from '../../../terminal/schemas/certificate.ts';
import { Ledger } from '../../../ledger/ledger.ts';
import { createLedgerServer } from '../../../ledger/server.ts';
import type { LedgerStore } from '../../../ledger/store/ledger-store.ts';

const USAGE = 'usage: kart ledger serve [--port N] [--pg URL] [--data DIR] [--key FILE] [--ca FILE]... [--enrol ID:SITE:SPKI_HEX]...';

function ephemeralKeys(): KeyStore {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = new Uint8Array(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }));
  return {
    publicKey: async () => spki.slice(),
    sign: async (data) => new Uint8Array(sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' })),
  };
}

const ledgerServe: Command = async (args) => {
  let port = 8080;
  let pgUrl: string | undefined;
  let dataDir: string | undefined;
  let keyFile: string | undefined;
  const cas: Certificate[] = [];
  const enrol: [number, string, Uint8Array][] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new CliUsageError(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (arg === '--port') {
      port = Number(value());
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliUsageError(`--port must be 0 to 65535\n${USAGE}`);
    } else if (arg === '--pg') pgUrl = value();
    else if (arg === '--data') dataDir = value();
    else if (arg === '--key') keyFile = value();
    else if (arg === '--ca') cas.push(decodeCertificate(readFileSync(value())));
    else if (arg === '--enrol') {
      const match = /^(\d+):([^:]*):([0-9a-fA-F]+)$/.exec(value());
      if (!match) throw new CliUsageError(`--enrol wants ID:SITE:SPKI_HEX\n${USAGE}`);
      enrol.push([Number(match[1]), match[2]!, new Uint8Array(Buffer.from(match[3]!, 'hex'))]);
    } else throw new CliUsageError(`unknown argument ${arg}\n${USAGE}`);
  }
  let store: LedgerStore;
  if (pgUrl !== undefined) {
    const { PgStore } = await import('../../../ledger/store/pg-store.ts');
    store = await PgStore.open(pgUrl);
  } else {
    const { PgliteStore } = await import('../../../ledger/store/pglite-store.ts');
    store = await PgliteStore.open(dataDir);
  }
  const path = keyFile ?? (dataDir !== undefined ? join(dataDir, 'ledger-key.pem') : undefined);
  const keys = path !== undefined ? await FileKeyStore.open(path) : ephemeralKeys();
  const ledger = new Ledger({ store, keys, trustedCas: cas });
  for (const [id, site, spki] of enrol) {
    await ledger.enrolTerminal(id, site, spki); // the same key again (a restart on a kept database) is not an error
  }
  const server = createLedgerServer(ledger, { onError: (error) => process.stderr.write(`ledger: ${String(error)}\n`) });
  await new Promise<void>((resolve) => server.listen(port, resolve));
  const address = server.address() as { port: number };
  process.stdout.write(
    `kart ledger on http://127.0.0.1:${address.port} (${store.kind}, durable: ${await store.durable()})\n` +
      `ledger public key (SPKI hex): ${Buffer.from(await keys.publicKey()).toString('hex')}\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await new Promise((resolve) => server.close(resolve));
  await store.close();
  return 0;
};
export default ledgerServe;
