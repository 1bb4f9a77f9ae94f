/**
 * A private pcscd for the real PC/SC test bench: its own socket (clients reach it with
 * `PCSCLITE_CSOCK_NAME=<socketPath>`), its own vpcd readers, and, where namespaces are permitted, its own mount
 * and network namespaces (see `pcscd-holder.ts`): /run/pcscd is private, USB reader drivers are hidden so real
 * readers stay with the system's pcscd, and loopback has TCP quick-ack so an APDU round trip takes well under a
 * millisecond instead of ~40 ms. Cards are served into it with the vpcd bridge over sockets made inside the
 * namespace. Without namespaces it falls back to a pcscd on the shared /run/pcscd (only if none runs there),
 * with `quickack: false` and the reason.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { connectVpcd, type VpcdBridge, type VpcdBridgeOptions } from '../../card/vpcd-bridge.ts';
import type { VirtualCard } from '../../card/virtual-card.ts';
import { HalError } from '../../terminal/hal/errors.ts';
import { launchHolder, type HolderClient } from './holder-client.ts';
import type { HolderMode } from './holder-protocol.ts';
import { buildReaderConf, checkVpcdPorts, expectedReaderNames, type VpcdReaderEntry } from './reader-conf.ts';
import { findVpcdDriver } from './vpcd-driver.ts';

/** Which readers pcscd offers: one vpcd entry per port, optionally named, optionally filtered out. */
export interface PrivatePcscdReaderConfig {
  /** vpcd ports, at least 2 apart (each serves slot 0 on port, slot 1 on port + 1). Default: one random even port. */
  readonly vpcdPorts?: readonly number[];
  /** Friendly name per port (default "Virtual PCD"). */
  readonly friendlyNames?: readonly string[];
  /** Passed to pcscd as PCSCLITE_FILTER_IGNORE_READER_NAMES: readers whose friendly name contains one are ignored. */
  readonly ignoreReaderNames?: readonly string[];
}

export interface PrivatePcscdOptions extends PrivatePcscdReaderConfig {
  /** Turn on TCP quick-ack in the namespace (default true; needs the network namespace). */
  readonly quickack?: boolean;
  /** Hide USB reader drivers from this pcscd so it never claims a real reader (default true in a namespace). */
  readonly hideDrivers?: boolean;
  /** Bench directory (default a fresh one under the system temp dir). */
  readonly dir?: string;
  /** Force a way of isolating (default: root namespaces, else a user namespace, else none). */
  readonly namespace?: HolderMode;
}

export interface ServeCardOptions extends VpcdBridgeOptions {
  /** vpcd entry's port (default the first). */
  readonly port?: number;
  /** Slot of that entry: 0 or 1 (default 0). */
  readonly slot?: number;
  /** Give up when pcscd has not taken the card in after this long (default 10 000 ms). */
  readonly timeoutMs?: number;
}

export interface PrivatePcscd {
  readonly dir: string;
  /** pcscd's socket: set `PCSCLITE_CSOCK_NAME` to it (libpcsclite reads it once per process). */
  readonly socketPath: string;
  /** `{ PCSCLITE_CSOCK_NAME }`, to merge into a child process's environment (scriptor, pcsc_scan). */
  readonly env: { readonly PCSCLITE_CSOCK_NAME: string };
  /** Readers pcscd lists now, as `pcsc_scan -r` reports them (e.g. "Virtual PCD 00 00"). */
  readonly readerNames: readonly string[];
  readonly vpcdPorts: readonly number[];
  readonly namespace: HolderMode;
  /** Whether the card side's loopback has TCP quick-ack (sub-millisecond APDU round trips). */
  readonly quickack: boolean;
  /** Why something is off (quick-ack, driver hiding, namespaces), when it is. */
  readonly reason?: string;
  /** pcscd's pid while it runs (as seen from the holder's pid namespace, which is the host's). */
  readonly pcscdPid: number | undefined;
  /** pcscd's stdout and stderr. */
  readonly logPath: string;
  /** A TCP socket connected to vpcd at `port` from inside the namespace. */
  connectCard(port: number): Promise<net.Socket>;
  /** Serves `card` on a vpcd slot through the bridge; resolves once pcscd has taken the card in (see `waitForInsertion`). */
  serveCard(card: VirtualCard, options?: ServeCardOptions): Promise<VpcdBridge>;
  /** Kills pcscd (default SIGKILL: it dies mid-command); the readers vanish until `restart`. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts a new pcscd on the same socket path (stopping the running one), optionally with other readers. */
  restart(config?: PrivatePcscdReaderConfig): Promise<void>;
  /** Closes served bridges, stops pcscd and the namespace holder, removes the bench directory. */
  stop(): Promise<void>;
}

const SYSTEM_SOCKET = '/run/pcscd/pcscd.comm';

/** Starts a private pcscd with vpcd readers. Throws `HAL_PCSC_UNAVAILABLE` when pcscd or vpcd cannot run here. */
export async function startPrivatePcscd(options: PrivatePcscdOptions = {}): Promise<PrivatePcscd> {
  const driver = findVpcdDriver();
  if (!driver) throw new HalError('HAL_PCSC_UNAVAILABLE', 'vpcd driver (libifdvpcd.so) not found');
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'kart-pcscd-'));
  for (const sub of ['run', 'empty', 'drivers']) mkdirSync(join(dir, sub), { recursive: true });
  const cleanUpDir = (): void => {
    if (ownDir) rmSync(dir, { recursive: true, force: true });
    else for (const f of ['run', 'empty', 'drivers', 'reader.conf', 'pcscd.log']) rmSync(join(dir, f), { recursive: true, force: true });
  };
  let holder: HolderClient;
  const failures: string[] = [];
  try {
    holder = await launch(options, dir, driver, failures);
  } catch (error) {
    cleanUpDir();
    throw error;
  }
  // One copy of the driver per entry (see buildReaderConf), outside the drivers dir that may be hidden.
  const libPathFor = (port: number): string => {
    const path = join(dir, 'drivers', `libifdvpcd-${port}.so`);
    if (!existsSync(path)) copyFileSync(driver, path);
    return path;
  };
  const socketPath = holder.mode === 'none' ? SYSTEM_SOCKET : join(dir, 'run', 'pcscd.comm');
  const notes = [...failures, ...holder.notes];
  if (holder.mode === 'none') notes.push('no namespaces: pcscd serves the shared /run/pcscd, USB readers are not hidden, TCP quick-ack is off');
  else if (!holder.quickack && options.quickack !== false) notes.push('TCP quick-ack is off');
  const emergency = (): void => {
    try {
      process.kill(holder.pid, 'SIGKILL');
    } catch {}
    cleanUpDir();
  };
  process.once('exit', emergency);

  let config: PrivatePcscdReaderConfig = options;
  let ports: number[] = [];
  let readerNames: string[] = [];
  let pcscdPid: number | undefined;
  const bridges = new Set<VpcdBridge>();
  holder.onPcscdExit(() => (pcscdPid = undefined));
  const env = { PCSCLITE_CSOCK_NAME: socketPath };

  const startPcscd = async (): Promise<void> => {
    ports = config.vpcdPorts ? [...config.vpcdPorts] : [await pickPort(holder.mode === 'none')];
    config = { ...config, vpcdPorts: ports }; // a restart keeps the ports, so served bridges find vpcd again
    const bad = checkVpcdPorts(ports);
    if (bad) throw new HalError('HAL_INTERNAL', bad);
    const entries: VpcdReaderEntry[] = ports.map((port, i) => ({ port, friendlyName: config.friendlyNames?.[i] ?? 'Virtual PCD' }));
    const configFile = join(dir, 'reader.conf');
    writeFileSync(configFile, buildReaderConf(entries, ports.map(libPathFor)));
    const ignored = (config.ignoreReaderNames ?? []).filter((n) => n !== '');
    const filter: Record<string, string> = ignored.length ? { PCSCLITE_FILTER_IGNORE_READER_NAMES: ignored.join(':') } : {};
    pcscdPid = (await holder.request({ op: 'start', configFile, env: filter })).pid;
    readerNames = await waitForReaders(env, expectedReaderNames(entries, ignored));
  };

  try {
    await startPcscd();
  } catch (error) {
    await holder.stop();
    process.off('exit', emergency);
    cleanUpDir();
    throw error;
  }

  const bench: PrivatePcscd = {
    dir,
    socketPath,
    env,
    get readerNames() {
      return readerNames;
    },
    get vpcdPorts() {
      return ports;
    },
    namespace: holder.mode,
    quickack: holder.quickack,
    ...(notes.length ? { reason: notes.join('; ') } : {}),
    get pcscdPid() {
      return pcscdPid;
    },
    logPath: join(dir, 'pcscd.log'),
    async connectCard(port) {
      const { socket } = await holder.request({ op: 'connect', port });
      if (!socket) throw new HalError('HAL_INTERNAL', 'the namespace holder sent no socket');
      return socket;
    },
    async serveCard(card, serve = {}) {
      const port = (serve.port ?? ports[0]!) + (serve.slot ?? 0);
      const bridge = connectVpcd(card, { connect: () => bench.connectCard(port) }, serve);
      bridges.add(bridge);
      try {
        await waitForInsertion(bridge, serve.timeoutMs);
      } catch (error) {
        await bridge.close();
        throw error;
      }
      return bridge;
    },
    async kill(signal = 'SIGKILL') {
      await holder.request({ op: 'kill', signal });
    },
    async restart(newConfig) {
      await holder.request({ op: 'kill', signal: 'SIGTERM' });
      if (newConfig) config = { ...config, ...newConfig };
      await startPcscd();
    },
    async stop() {
      await Promise.all([...bridges].map((b) => b.close()));
      await holder.stop();
      process.off('exit', emergency);
      cleanUpDir();
    },
  };
  return bench;
}

/**
 * Resolves when pcscd has taken in the card served by `bridge`: on the next power-on, which pcscd does on
 * insertion to read the ATR (so call it before the bridge connects or before pcscd restarts). Rejects with
 * `HAL_TIMEOUT` after `timeoutMs` (default 10 000).
 */
export function waitForInsertion(bridge: VpcdBridge, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const onPower = (event: { control: string }): void => {
      if (event.control !== 'power-on') return;
      clearTimeout(timer);
      bridge.off('power', onPower);
      // pcscd records the card as present right after this power-on's ATR read: let that exchange finish.
      setTimeout(resolve, 20);
    };
    const timer = setTimeout(() => {
      bridge.off('power', onPower);
      reject(new HalError('HAL_TIMEOUT', `pcscd did not take in the card within ${timeoutMs} ms`));
    }, timeoutMs);
    bridge.on('power', onPower);
  });
}

/** Tries root namespaces, then a user namespace, then none; records why each one failed. */
async function launch(options: PrivatePcscdOptions, dir: string, driver: string, failures: string[]): Promise<HolderClient> {
  const modes: HolderMode[] = options.namespace
    ? [options.namespace]
    : process.getuid?.() === 0
      ? ['root', 'user', 'none']
      : ['user', 'none'];
  for (const mode of modes) {
    if (mode === 'none' && existsSync(SYSTEM_SOCKET)) {
      failures.push(`a pcscd already serves ${SYSTEM_SOCKET}`);
      break;
    }
    try {
      return await launchHolder({
        mode,
        dir,
        socketPath: mode === 'none' ? SYSTEM_SOCKET : join(dir, 'run', 'pcscd.comm'),
        quickack: options.quickack ?? true,
        ...((options.hideDrivers ?? true) ? { hideDriversDir: dirname(dirname(driver)) } : {}),
      });
    } catch (error) {
      failures.push(`${mode} namespaces: ${(error as Error).message}`);
    }
  }
  throw new HalError('HAL_PCSC_UNAVAILABLE', `cannot start a private pcscd: ${failures.join('; ')}`);
}

/** A random even port whose pair is free (checked on the host only without a namespace: a fresh one is empty). */
async function pickPort(probe: boolean): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + 2 * Math.floor(Math.random() * 20_000);
    if (!probe || ((await isFree(port)) && (await isFree(port + 1)))) return port;
  }
  throw new HalError('HAL_INTERNAL', 'no free vpcd port pair found');
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

/** Lists readers with `pcsc_scan -r` until they are the expected ones (or 5 s pass); without pcsc_scan, trusts them. */
async function waitForReaders(env: Record<string, string>, expected: string[]): Promise<string[]> {
  const deadline = Date.now() + 5000;
  let last: string[] = [];
  while (Date.now() < deadline) {
    const listed = await listReaders(env);
    if (listed === undefined) return expected;
    last = listed;
    if (listed.length === expected.length && expected.every((n) => listed.includes(n))) return listed;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return last;
}

function listReaders(env: Record<string, string>): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    execFile('pcsc_scan', ['-r'], { env: { ...process.env, ...env }, timeout: 3000 }, (error, stdout) => {
      if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') return resolve(undefined);
      resolve([...stdout.matchAll(/^\d+: (.+)$/gm)].map((m) => m[1]!.trim()));
    });
  });
}
