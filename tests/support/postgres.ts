/**
 * A throwaway PostgreSQL 15 cluster for one test process: `initdb` in a temporary directory, `postgres` on a free
 * loopback port (socket in the same directory), trust authentication for the superuser `kart`. Run as root, the
 * cluster runs as the `postgres` user (PostgreSQL refuses root). `KART_TEST_PG_URL` uses a running server instead.
 * Binaries: `KART_PG_BIN`, else `/usr/lib/postgresql/15/bin`, else `pg_config --bindir`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestPostgres {
  /** `postgres://kart@127.0.0.1:PORT/postgres` */
  readonly url: string;
  stop(): Promise<void>;
}

/** How to make the PostgreSQL suites run, for `skipSuite`. */
export const POSTGRES_FIX = 'apt-get install -y postgresql-15 (or set KART_PG_BIN, or KART_TEST_PG_URL to a running server)';

/** The directory holding `initdb` and `postgres`, or undefined when PostgreSQL is not installed. */
export function findPostgresBin(): string | undefined {
  const candidates = [process.env['KART_PG_BIN'], '/usr/lib/postgresql/15/bin'];
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    // No pg_config.
  }
  return candidates.find((dir) => dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres')));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The uid/gid to run PostgreSQL as: the `postgres` user when we are root, else ourselves. */
function owner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/** Starts a cluster (or wraps `KART_TEST_PG_URL`); undefined when PostgreSQL is not installed. */
export async function startPostgres(): Promise<TestPostgres | undefined> {
  const external = process.env['KART_TEST_PG_URL'];
  if (external) return { url: external, stop: async () => undefined };
  const bin = findPostgresBin();
  if (!bin) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'kart-pg-'));
  const user = owner();
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  execFileSync(join(bin, 'initdb'), ['-D', data, '-U', 'kart', '--auth=trust', '-E', 'UTF8', '--no-instructions'], {
    stdio: 'ignore', ...(user ?? {}),
  });
  const port = await freePort();
  const server: ChildProcess = spawn(join(bin, 'postgres'), [
    '-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=40', '-c', 'shared_buffers=32MB',
  ], { stdio: 'ignore', ...(user ?? {}) });
  const kill = () => server.kill('SIGINT');
  process.once('exit', kill);
  const url = `postgres://kart@127.0.0.1:${port}/postgres`;
  const stop = async (): Promise<void> => {
    process.removeListener('exit', kill);
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      kill();
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new pg.Pool({ connectionString: url, max: 1 });
    try {
      await client.query('SELECT 1');
      await client.end();
      return { url, stop };
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline || server.exitCode !== null) {
        await stop();
        throw new Error(`test PostgreSQL did not start: ${(error as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
