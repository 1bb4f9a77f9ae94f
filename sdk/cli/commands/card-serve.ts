/**
 * `kart card serve [--vpcd HOST:PORT] [--card FILE] [--slot N] [--protocol T=0|T=1] [--private-pcscd]`
 *
 * Serves a virtual card (the demo card, or a card image) to pcscd through vsmartcard's vpcd driver until SIGINT or
 * SIGTERM, so that any PC/SC client (scriptor, pcsc_scan, the terminal's PcscCardReader) can use it. Logs connect,
 * disconnect and power events and each APDU's command name and status word, never command or response data.
 * With `--card FILE` the card's persistent memory (PIN tries, ATC) is saved back to FILE whenever it changes.
 * With `--private-pcscd` it starts its own pcscd (see sdk/testbench/private-pcscd.ts) and prints the
 * PCSCLITE_CSOCK_NAME that clients need.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadCard, serializeCard } from '../../../card/card-image.ts';
import { createGovPaymentCardBuilders } from '../../../card/emv-pay/index.ts';
import type { CardOs } from '../../../card/card-os.ts';
import { createDemoCard } from '../../../card/demo-card.ts';
import { connectVpcd, type VpcdBridge } from '../../../card/vpcd-bridge.ts';
import { CliUsageError, type Command } from '../command.ts';

const DEFAULT_VPCD = '127.0.0.1:35963';

function parseEndpoint(text: string): { host: string; port: number } {
  const match = /^(.+):(\d{1,5})$/.exec(text);
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65535) throw new CliUsageError(`--vpcd wants HOST:PORT, got "${text}"`);
  return { host: match[1]!.replace(/^\[(.*)\]$/, '$1'), port };
}

function loadImage(file: string): CardOs {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new CliUsageError(`cannot read card image ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  // Demo cards, government cards, and government cards carrying the EMV payment application (PSE + KARTPAY).
  return loadCard(bytes, createGovPaymentCardBuilders());
}

/** Writes the image next to FILE then renames it over FILE, so a crash never leaves half an image. */
function saveImage(card: CardOs, file: string): void {
  const temp = `${file}.tmp-${process.pid}`;
  writeFileSync(temp, serializeCard(card), { flush: true });
  renameSync(temp, file);
}

const stamp = (): string => new Date().toISOString().slice(11, 23);

const cardServe: Command = async (args) => {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        vpcd: { type: 'string' },
        card: { type: 'string' },
        slot: { type: 'string' },
        protocol: { type: 'string' },
        'private-pcscd': { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  const slot = Number(values.slot ?? 0);
  if (!Number.isInteger(slot) || slot < 0 || slot > 1) throw new CliUsageError(`--slot wants 0 or 1, got "${values.slot}"`);
  const protocol = values.protocol ?? 'T=1';
  if (protocol !== 'T=0' && protocol !== 'T=1') throw new CliUsageError(`--protocol wants T=0 or T=1, got "${protocol}"`);
  const endpoint = parseEndpoint(values.vpcd ?? DEFAULT_VPCD);
  const file = values.card;
  const card = file ? loadImage(file) : createDemoCard();
  const log = (line: string): void => void process.stdout.write(`${stamp()} ${line}\n`);

  let saved = card.persistentVersion;
  const saveIfChanged = (): void => {
    if (!file || card.persistentVersion === saved) return;
    saved = card.persistentVersion;
    saveImage(card, file);
  };

  let bridge: VpcdBridge;
  let stopBench = async (): Promise<void> => {};
  if (values['private-pcscd']) {
    const { startPrivatePcscd } = await import('../../testbench/private-pcscd.ts');
    const bench = await startPrivatePcscd({ vpcdPorts: [endpoint.port - (endpoint.port % 2)] });
    stopBench = () => bench.stop();
    bridge = await bench.serveCard(card, { slot, protocol, log });
    log(`private pcscd: PCSCLITE_CSOCK_NAME=${bench.socketPath} (quick-ack ${bench.quickack ? 'on' : 'off'})`);
    log(`reader: "${bench.readerNames[slot]}"; try: PCSCLITE_CSOCK_NAME=${bench.socketPath} scriptor -r "${bench.readerNames[slot]}"`);
  } else {
    log(`serving a ${card.kind} card to vpcd at ${endpoint.host}:${endpoint.port + slot} (slot ${slot})`);
    bridge = connectVpcd(card, { host: endpoint.host, port: endpoint.port + slot }, { protocol, log });
  }
  bridge.on('apdu', saveIfChanged);

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  log(`${signal}: stopping`);
  await bridge.close();
  await stopBench();
  saveIfChanged();
  return 0;
};
export default cardServe;
