/**
 * The process that holds a private pcscd's namespaces, started by `private-pcscd.ts` as
 * `unshare -m -n --propagation private -- node pcscd-holder.ts` with an IPC channel. Inside its own mount and
 * network namespaces it brings up loopback with TCP quick-ack on the local routes (without it every APDU
 * through vpcd waits ~40 ms for a delayed ACK), bind-mounts the bench's `run/` over /run/pcscd (pcscd 1.9.9 only
 * serves there), optionally hides the USB reader drivers, runs pcscd, and on request connects TCP sockets to
 * vpcd from inside the namespace and hands them to the parent (`process.send(message, socket)`), so the card
 * side's traffic stays on the namespace's loopback with no forwarding. The host's mounts and routes are never
 * touched. When the parent goes away (IPC disconnect) the holder kills pcscd and exits.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, rmSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { HOLDER_ENV, type HolderConfig, type HolderMessage, type HolderRequest } from './holder-protocol.ts';

const config = JSON.parse(process.env[HOLDER_ENV] ?? '{}') as HolderConfig;
let pcscd: ChildProcess | undefined;
const send = (message: HolderMessage, handle?: net.Socket): void => {
  if (process.connected) process.send!(message, handle as never);
};
const fail = (id: number, code: string, message: string): void => send({ event: 'reply', id, ok: false, code, message });

function run(command: string, args: string[]): void {
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function errorText(error: unknown): string {
  const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
  return stderr || (error as Error).message;
}

/** Loopback, quick-ack routes, /run/pcscd and the hidden drivers; returns what did not work. */
function setUp(): { quickack: boolean; notes: string[] } {
  const notes: string[] = [];
  let quickack = false;
  if (config.mode !== 'none') {
    try {
      run('ip', ['link', 'set', 'lo', 'up']);
      if (config.quickack) {
        for (const prefix of ['127.0.0.0/8', '127.0.0.1']) {
          run('ip', ['route', 'change', 'table', 'local', 'local', prefix, 'dev', 'lo', 'proto', 'kernel']
            .concat(['scope', 'host', 'src', '127.0.0.1', 'quickack', '1']));
        }
        quickack = true;
      }
    } catch (error) {
      notes.push(`loopback set-up failed, TCP quick-ack is off: ${errorText(error)}`);
    }
    mkdirSync('/run/pcscd', { recursive: true });
    run('mount', ['--bind', join(config.dir, 'run'), '/run/pcscd']);
    if (config.hideDriversDir && existsSync(config.hideDriversDir)) {
      try {
        run('mount', ['--bind', join(config.dir, 'empty'), config.hideDriversDir]);
      } catch (error) {
        notes.push(`could not hide ${config.hideDriversDir}: ${errorText(error)}`);
      }
    }
  }
  return { quickack, notes };
}

function hasSetpriv(): boolean {
  try {
    run('setpriv', ['--help']);
    return true;
  } catch {
    return false;
  }
}

async function start(id: number, configFile: string, env: Record<string, string>): Promise<void> {
  if (pcscd) return fail(id, 'HAL_INTERNAL', 'pcscd is already running');
  for (const stale of [config.socketPath, join(config.socketPath, '..', 'pcscd.pid')]) rmSync(stale, { force: true });
  const log = openSync(join(config.dir, 'pcscd.log'), 'a');
  // KART_PCSCD_DEBUG=1: pcscd logs at debug level (into pcscd.log), for chasing reader-side problems.
  const pcscdArgs = ['-f', '-c', configFile, ...(process.env['KART_PCSCD_DEBUG'] === '1' ? ['-d'] : [])];
  // setpriv --pdeathsig: pcscd dies with the holder even if the holder is SIGKILLed.
  const [command, args] = hasSetpriv()
    ? ['setpriv', ['--pdeathsig', 'KILL', '--', 'pcscd', ...pcscdArgs]]
    : ['pcscd', pcscdArgs];
  const child = spawn(command as string, args as string[], { stdio: ['ignore', log, log], env: { ...process.env, ...env } });
  pcscd = child;
  let exited = false;
  child.on('error', () => {});
  child.on('exit', (code, signal) => {
    exited = true;
    if (pcscd === child) pcscd = undefined;
    send({ event: 'pcscd-exit', code, signal });
  });
  const deadline = Date.now() + 10_000;
  while (!existsSync(config.socketPath)) {
    if (exited) return fail(id, 'HAL_PCSC_UNAVAILABLE', `pcscd exited at start (see ${join(config.dir, 'pcscd.log')})`);
    if (Date.now() > deadline) return fail(id, 'HAL_TIMEOUT', 'pcscd did not open its socket within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  send({ event: 'reply', id, ok: true, pid: child.pid! });
}

async function kill(id: number, signal: NodeJS.Signals): Promise<void> {
  const child = pcscd;
  if (!child) return send({ event: 'reply', id, ok: true });
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await gone;
  clearTimeout(timer);
  send({ event: 'reply', id, ok: true });
}

function connect(id: number, port: number): void {
  const socket = net.connect({ host: '127.0.0.1', port });
  socket.once('error', (error: NodeJS.ErrnoException) => fail(id, error.code ?? 'HAL_CARD_IO', error.message));
  socket.once('connect', () => {
    socket.removeAllListeners('error');
    socket.on('error', () => {});
    // The handle moves to the parent; this side's copy is closed by send().
    send({ event: 'reply', id, ok: true }, socket);
  });
}

/** Ends pcscd then the holder; the parent waits for the holder's exit rather than a reply. */
async function stop(): Promise<void> {
  if (pcscd) await kill(-1, 'SIGTERM');
  process.exit(0);
}

process.on('disconnect', () => {
  pcscd?.kill('SIGKILL');
  process.exit(0);
});

process.on('message', (request: HolderRequest) => {
  if (request.op === 'start') void start(request.id, request.configFile, request.env);
  else if (request.op === 'kill') void kill(request.id, request.signal);
  else if (request.op === 'connect') connect(request.id, request.port);
  else if (request.op === 'stop') void stop();
});

send({ event: 'ready', ...setUp() });
