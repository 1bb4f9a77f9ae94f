/**
 * A pseudo-terminal pair joined by socat (`socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B`): what is
 * written to one end is read at the other, like a serial cable. `stop()` kills socat (the cable is pulled).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SocatPair {
  readonly a: string;
  readonly b: string;
  /** Kills socat (SIGKILL) and waits for it to exit; idempotent. */
  stop(): Promise<void>;
  /** Removes the temporary folder after `stop`. */
  dispose(): Promise<void>;
}

/** Whether socat is installed. */
export function socatInstalled(): boolean {
  return spawnSync('sh', ['-c', 'command -v socat'], { stdio: 'ignore' }).status === 0;
}

/** Starts socat and waits (up to 5 s) for both links. */
export async function startSocatPair(): Promise<SocatPair> {
  const dir = mkdtempSync(join(tmpdir(), 'kart-pty-'));
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  const child: ChildProcess = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
  // Never outlive the suite, even when it fails before its teardown runs.
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => {
    process.removeListener('exit', killOnExit);
    resolve();
  }));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  const until = Date.now() + 5_000;
  while (!(existsSync(a) && existsSync(b))) {
    if (Date.now() > until || child.exitCode !== null) {
      await stop();
      rmSync(dir, { recursive: true, force: true });
      throw new Error('socat did not create its pseudo-terminal links within 5 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    a,
    b,
    stop,
    dispose: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
