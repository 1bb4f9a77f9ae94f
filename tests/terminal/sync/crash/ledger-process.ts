/**
 * The crash test's handle on the ledger child process (ledger-child.ts): start, SIGKILL, restart on the same data
 * directory, IPC requests (enrol, kill plan, dump), and an uplink that always reaches the current process (its
 * port changes at each restart). Copying the data directory while the process is dead models a ledger host that
 * loses what it had not made durable.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { HttpUplink } from '../../../../terminal/hal/http/http-uplink.ts';
import type { Uplink } from '../../../../terminal/hal/uplink.ts';
import type { ChildRequest, KillPhase, LedgerDump } from './ledger-child.ts';

const CHILD = join(import.meta.dirname, 'ledger-child.ts');
const ROOT = join(import.meta.dirname, '..', '..', '..', '..');

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };
type Request = ChildRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export class LedgerProcess {
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  #uplink: HttpUplink | undefined;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  /** SIGKILLs seen (self-inflicted at a planned point, or sent by `kill`). */
  kills = 0;
  starts = 0;
  /** Milliseconds spent starting processes. */
  startMs = 0;
  publicKey = new Uint8Array(0);

  private constructor(readonly dir: string) {}

  /** Starts the ledger on `dir` (created on first start) and waits until it serves. */
  static async start(dir: string): Promise<LedgerProcess> {
    const handle = new LedgerProcess(dir);
    await handle.restart();
    return handle;
  }

  get alive(): boolean {
    return this.#child !== undefined;
  }

  /** An uplink to whichever process is current; refused connections while it is dead (`HAL_NETWORK`). */
  readonly uplink: Uplink = {
    send: (batch, options) => (this.#uplink ?? new HttpUplink({ baseUrl: 'http://127.0.0.1:1' })).send(batch, options),
    download: (kind, since, options) => (this.#uplink ?? new HttpUplink({ baseUrl: 'http://127.0.0.1:1' })).download(kind, since, options),
  };

  /** Starts a process (killing the current one first) and waits for it to serve. */
  async restart(): Promise<void> {
    if (this.#child) await this.kill();
    const started = performance.now();
    const child = fork(CHILD, [this.dir], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.#child = child;
    this.starts++;
    this.#exited = new Promise((resolve) => child.once('exit', (_code, signal) => {
      if (signal === 'SIGKILL') this.kills++;
      if (this.#child === child) {
        this.#child = undefined;
        this.#uplink = undefined;
      }
      for (const p of this.#pending.values()) p.reject(new Error('ledger process exited'));
      this.#pending.clear();
      resolve();
    }));
    const ready = await new Promise<{ port: number; publicKey: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('ledger process did not start within 120 s')), 120_000);
      child.once('exit', () => reject(new Error('ledger process exited during start')));
      child.on('message', (raw) => {
        const message = raw as { kind: string; id?: number; value?: unknown; error?: string; port?: number; publicKey?: string };
        if (message.kind === 'ready') {
          clearTimeout(timer);
          resolve(message as { port: number; publicKey: string });
        } else if (message.kind === 'answer') {
          const pending = this.#pending.get(message.id!);
          this.#pending.delete(message.id!);
          if (message.error !== undefined) pending?.reject(new Error(message.error));
          else pending?.resolve(message.value);
        }
      });
    });
    this.#uplink = new HttpUplink({ baseUrl: `http://127.0.0.1:${ready.port}`, timeoutMs: 30_000 });
    this.publicKey = new Uint8Array(Buffer.from(ready.publicKey, 'hex'));
    this.startMs += performance.now() - started;
  }

  /** Sends SIGKILL and waits for the process to be gone. */
  async kill(): Promise<void> {
    this.#child?.kill('SIGKILL');
    await this.#exited;
  }

  /** Waits until the process has exited (after a planned kill). */
  exited(): Promise<void> {
    return this.#exited;
  }

  #request<T>(request: Request): Promise<T> {
    const child = this.#child;
    if (!child) return Promise.reject(new Error('ledger process is not running'));
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ ...request, id });
    });
  }

  enrol(terminalId: number, spki: Uint8Array): Promise<void> {
    return this.#request({ kind: 'enrol', terminalId, spki: Buffer.from(spki).toString('hex') });
  }

  /** The `atIngest`-th ingest from now kills the process at `phase`. */
  planKill(atIngest: number, phase: KillPhase): Promise<void> {
    return this.#request({ kind: 'kill-plan', atIngest, phase });
  }

  dump(terminalId: number): Promise<LedgerDump> {
    return this.#request({ kind: 'dump', terminalId });
  }

  /** Copies the data directory to `to` (the process must be dead: the copy is what a disk would hold). */
  snapshot(to: string): void {
    if (this.#child) throw new Error('snapshot of a running ledger');
    rmSync(to, { recursive: true, force: true });
    cpSync(this.dir, to, { recursive: true });
  }

  /** Puts a snapshot back as the data directory (the process must be dead). */
  restore(from: string): void {
    if (this.#child) throw new Error('restore under a running ledger');
    rmSync(this.dir, { recursive: true, force: true });
    cpSync(from, this.dir, { recursive: true });
  }

  async close(): Promise<void> {
    if (this.#child) {
      this.#child.disconnect();
      await this.#exited;
    }
  }
}
