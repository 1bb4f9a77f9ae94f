/**
 * The parent's side of `pcscd-holder.ts`: starts the holder in fresh namespaces (as root, else inside a user
 * namespace, else without namespaces) and turns its IPC messages into promises.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type net from 'node:net';
import { fileURLToPath } from 'node:url';
import { HalError } from '../../terminal/hal/errors.ts';
import { HOLDER_ENV, type HolderConfig, type HolderMessage, type HolderMode, type HolderRequest } from './holder-protocol.ts';

type Request = HolderRequest extends infer R ? (R extends HolderRequest ? Omit<R, 'id'> : never) : never;

/** A running holder: one private pcscd's namespaces. */
export interface HolderClient {
  readonly mode: HolderMode;
  readonly pid: number;
  /** Whether the namespace's loopback routes have TCP quick-ack on. */
  readonly quickack: boolean;
  /** What could not be set up (quick-ack, hiding drivers), in words. */
  readonly notes: readonly string[];
  request(request: Request, timeoutMs?: number): Promise<{ pid?: number; socket?: net.Socket }>;
  /** Called when pcscd exits, whoever caused it. */
  onPcscdExit(listener: (code: number | null, signal: string | null) => void): void;
  /** Stops pcscd and the holder; resolves when the holder has exited. */
  stop(): Promise<void>;
}

const HOLDER = fileURLToPath(new URL('./pcscd-holder.ts', import.meta.url));

function launchCommand(mode: HolderMode): [string, string[]] {
  const node = [process.execPath, '--import', import.meta.resolve('tsx'), HOLDER];
  if (mode === 'none') return [node[0]!, node.slice(1)];
  const flags = mode === 'user' ? ['--map-root-user'] : [];
  return ['unshare', [...flags, '--mount', '--net', '--propagation', 'private', '--', ...node]];
}

/** Starts a holder in `mode`; rejects with the holder's own words when it cannot start there. */
export function launchHolder(config: HolderConfig): Promise<HolderClient> {
  const [command, args] = launchCommand(config.mode);
  const child = spawn(command, args, {
    env: { ...withoutPcscEnv(process.env), PATH: withSbin(process.env['PATH']), [HOLDER_ENV]: JSON.stringify(config) },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  return new Promise((resolve, reject) => {
    const early = (code: number | null, signal: string | null): void =>
      reject(new HalError('HAL_PCSC_UNAVAILABLE', `namespace holder (${config.mode}) exited with ${signal ?? code}: ${stderr.trim()}`));
    child.once('exit', early);
    child.once('error', (error) => reject(new HalError('HAL_PCSC_UNAVAILABLE', `cannot start ${command}`, { cause: error })));
    child.once('message', (message: HolderMessage) => {
      child.off('exit', early);
      if (message.event !== 'ready') return reject(new HalError('HAL_INTERNAL', 'namespace holder spoke out of turn'));
      resolve(client(child, config.mode, message.quickack, message.notes));
    });
  });
}

/** pcscd, ip and mount live in sbin, which a non-root user's PATH may lack. */
export function withSbin(path: string | undefined): string {
  const parts = (path ?? '/usr/bin:/bin').split(':');
  return [...parts, ...['/usr/sbin', '/sbin'].filter((p) => !parts.includes(p))].join(':');
}

/** The caller's own PC/SC settings must not leak into the private pcscd (an inherited filter could hide its readers). */
function withoutPcscEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { PCSCLITE_FILTER_IGNORE_READER_NAMES: _filter, PCSCLITE_CSOCK_NAME: _socket, ...rest } = env;
  return rest;
}

function client(child: ChildProcess, mode: HolderMode, quickack: boolean, notes: string[]): HolderClient {
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: { pid?: number; socket?: net.Socket }) => void; reject: (e: Error) => void }>();
  const exitListeners: Array<(code: number | null, signal: string | null) => void> = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('message', (message: HolderMessage, handle?: net.Socket) => {
    if (message.event === 'pcscd-exit') for (const l of exitListeners) l(message.code, message.signal);
    if (message.event !== 'reply') return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (!waiter) return handle?.destroy();
    if (message.ok) waiter.resolve({ ...(message.pid ? { pid: message.pid } : {}), ...(handle ? { socket: handle } : {}) });
    else waiter.reject(Object.assign(new HalError(halCode(message.code), message.message), { errno: message.code }));
  });
  void exited.then(() => {
    for (const waiter of pending.values()) waiter.reject(new HalError('HAL_DISCONNECTED', 'the private pcscd is stopped'));
    pending.clear();
  });
  return {
    mode,
    pid: child.pid!,
    quickack,
    notes,
    request(request, timeoutMs = 15_000) {
      if (!child.connected) return Promise.reject(new HalError('HAL_DISCONNECTED', 'the private pcscd is stopped'));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new HalError('HAL_TIMEOUT', `namespace holder did not answer ${request.op} within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (r) => (clearTimeout(timer), resolve(r)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        });
        child.send({ ...request, id } as HolderRequest);
      });
    },
    onPcscdExit: (listener) => void exitListeners.push(listener),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.send({ op: 'stop', id: 0 } satisfies HolderRequest);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The holder's own codes pass through; a socket errno (ECONNREFUSED: vpcd not listening) is a disconnection. */
function halCode(code: string): 'HAL_PCSC_UNAVAILABLE' | 'HAL_TIMEOUT' | 'HAL_INTERNAL' | 'HAL_DISCONNECTED' {
  if (code === 'HAL_PCSC_UNAVAILABLE' || code === 'HAL_TIMEOUT' || code === 'HAL_INTERNAL') return code;
  return 'HAL_DISCONNECTED';
}
