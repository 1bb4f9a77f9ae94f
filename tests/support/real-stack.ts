/**
 * Whether this machine can run the real PC/SC stack tests: pcscd, the vpcd driver, pcsc-tools (scriptor,
 * pcsc_scan), the pcsclite native module, and permission to make mount and network namespaces (the private
 * pcscd's). Use with `skipSuite`: `const why = realStackStatus(); if (!why.ok && skipSuite(name, why)) ...`.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { withSbin } from '../../sdk/testbench/holder-client.ts';
import { findVpcdDriver } from '../../sdk/testbench/vpcd-driver.ts';
import type { SkipReason } from './skip.ts';

export type RealStackStatus = { readonly ok: true } | ({ readonly ok: false } & SkipReason);

const FIX = 'npm run setup:real-stack';
let cached: RealStackStatus | undefined;

function installed(tool: string): boolean {
  try {
    const env = { ...process.env, PATH: withSbin(process.env['PATH']) };
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore', timeout: 5000, env });
    return true;
  } catch {
    return false;
  }
}

function check(): string | undefined {
  for (const tool of ['pcscd', 'scriptor', 'pcsc_scan', 'unshare', 'ip']) {
    if (!installed(tool)) return `${tool} is not installed`;
  }
  if (!findVpcdDriver()) return 'the vpcd driver (vsmartcard-vpcd, libifdvpcd.so) is not installed';
  try {
    createRequire(import.meta.url)('pcsclite');
  } catch (error) {
    return `the pcsclite module does not load (${(error as Error).message.split('\n')[0]})`;
  }
  const flags = process.getuid?.() === 0 ? ['--mount', '--net'] : ['--map-root-user', '--mount', '--net'];
  try {
    execFileSync('unshare', [...flags, 'true'], { stdio: 'ignore', timeout: 5000 });
  } catch {
    return 'mount and network namespaces are not permitted here (unshare failed)';
  }
  return undefined;
}

/** Checks once per process; `{ ok: false }` carries the reason, the fix, and that CI must run these suites. */
export function realStackStatus(): RealStackStatus {
  if (!cached) {
    const reason = check();
    cached = reason ? { ok: false, reason, fix: FIX, requiredInCi: true } : { ok: true };
  }
  return cached;
}
