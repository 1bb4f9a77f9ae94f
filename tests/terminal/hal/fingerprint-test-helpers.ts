/** Helpers shared by the fingerprint scanner suites. */
import * as assert from 'uvu/assert';
import { parseProfile, type FingerprintScannerProfile } from '../../../hardware-profiles/profile.ts';
import { loadProfiles } from '../../../hardware-profiles/load-profiles.ts';

/** Awaits `promise` and checks that it rejects with a `HalError` of `code`; returns the error. */
export async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<Error & { code: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { code?: string };
    assert.is(e.code, code, `expected ${code}, got ${e.code}: ${e.message}`);
    return e as Error & { code: string };
  }
  assert.unreachable(`expected a rejection with ${code}`);
  throw new Error('unreachable');
}

/** A shipped fingerprint scanner profile, with fields overridden (re-validated through the schema). */
export function scannerProfile(id: string, overrides: Record<string, unknown> = {}): FingerprintScannerProfile {
  const shipped = loadProfiles().find((p) => p.id === id);
  if (!shipped || shipped.kind !== 'fingerprint-scanner') throw new Error(`no shipped scanner profile ${id}`);
  return parseProfile({ ...shipped, ...overrides }) as FingerprintScannerProfile;
}

/** Milliseconds `fn` took to settle, and its outcome. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const start = performance.now();
  try {
    const value = await fn();
    return { ms: performance.now() - start, value };
  } catch (error) {
    return { ms: performance.now() - start, error };
  }
}
