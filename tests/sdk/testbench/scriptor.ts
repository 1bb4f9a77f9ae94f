/**
 * Runs pcsc-tools' `scriptor` against a private pcscd (asynchronously: the card bridge lives in this process's
 * event loop, so a synchronous spawn would deadlock) and parses its transcript.
 */
import { execFile } from 'node:child_process';

export interface ScriptorExchange {
  /** The command as scriptor echoed it ("00 A4 04 00 ..." or "RESET"). */
  readonly command: string;
  /** Response bytes including SW1 SW2 (for RESET: the ATR). */
  readonly response: Uint8Array;
}

export interface ScriptorRun {
  readonly protocol: string | undefined;
  readonly exchanges: ScriptorExchange[];
  readonly stdout: string;
}

/** Parses lines `> CMD` then `< XX XX ... [: meaning]`, responses wrapping over several lines, `< OK: ATR` for reset. */
export function parseScriptor(stdout: string): ScriptorRun {
  const exchanges: Array<{ command: string; hex: string[] }> = [];
  let current: { command: string; hex: string[] } | undefined;
  let open = false;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('> ')) {
      current = { command: line.slice(2).trim(), hex: [] };
      exchanges.push(current);
      open = false;
    } else if (line.startsWith('< ') && current) {
      const body = line.slice(2).replace(/^OK:\s*/, '');
      open = !body.includes(':');
      current.hex.push(...(body.split(':')[0]!.match(/\b[0-9A-F]{2}\b/g) ?? []));
    } else if (open && current) {
      open = !line.includes(':');
      current.hex.push(...(line.split(':')[0]!.match(/\b[0-9A-F]{2}\b/g) ?? []));
    }
  }
  return {
    protocol: /Using (T=\d) protocol/.exec(stdout)?.[1],
    exchanges: exchanges.map((e) => ({ command: e.command, response: Uint8Array.from(e.hex.map((h) => parseInt(h, 16))) })),
    stdout,
  };
}

/** Runs scriptor on `reader` with `commands` (hex APDUs or `reset`) on stdin. */
export function runScriptor(env: Record<string, string>, reader: string, commands: string[]): Promise<ScriptorRun> {
  return new Promise((resolve, reject) => {
    const child = execFile('scriptor', ['-r', reader], { env: { ...process.env, ...env }, timeout: 10_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`scriptor failed: ${error.message}\n${stdout}\n${stderr}`));
      else resolve(parseScriptor(stdout));
    });
    child.stdin!.end(commands.join('\n') + '\n');
  });
}
