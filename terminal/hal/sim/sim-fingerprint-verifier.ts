/**
 * A simulated fingerprint verifier answering from a script: each `verify` takes the next scripted answer after
 * its delay. An exhausted script is a test bug and fails with `HAL_INTERNAL`. Honours the AbortSignal
 * (`HAL_CANCELED`) and the timeout (`HAL_TIMEOUT`, also for an answer scripted as `'no-finger'`).
 */
import type {
  FingerprintReference, FingerprintVerification, FingerprintVerifier, FingerprintVerifyOptions,
} from '../fingerprint-verifier.ts';
import { HalError, throwIfAborted } from '../errors.ts';
import type { FingerprintOutcome } from '../fingerprint-verifier.ts';

/** One scripted answer: an outcome, or a finger that never comes (waits for the timeout or the signal). */
export type SimFingerprintAnswer =
  | FingerprintOutcome
  | 'no-finger'
  | { readonly outcome: FingerprintOutcome | 'no-finger'; readonly delayMs?: number; readonly score?: number };

export interface SimFingerprintVerifier extends FingerprintVerifier {
  /** The references asked for, in order. */
  readonly calls: readonly FingerprintReference[];
  /** Answers not used yet. */
  readonly remaining: number;
}

/** Waits `ms` (forever when undefined) unless `signal` or the timeout ends it first. */
export function simWait(what: string, ms: number | undefined, options: { signal?: AbortSignal; timeoutMs?: number }): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    throwIfAborted(options.signal, what);
    const timers: NodeJS.Timeout[] = [];
    const done = (error?: HalError): void => {
      timers.forEach(clearTimeout);
      options.signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve();
    };
    const onAbort = (): void => done(new HalError('HAL_CANCELED', `${what} canceled`, { cause: options.signal?.reason }));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (ms !== undefined && (options.timeoutMs === undefined || ms < options.timeoutMs)) timers.push(setTimeout(() => done(), ms));
    else if (options.timeoutMs !== undefined) {
      timers.push(setTimeout(() => done(new HalError('HAL_TIMEOUT', `${what}: nothing after ${options.timeoutMs} ms`)), options.timeoutMs));
    }
  });
}

/** A fresh simulated verifier with its own copy of `script`. */
export function createSimFingerprintVerifier(script: readonly SimFingerprintAnswer[]): SimFingerprintVerifier {
  const queue = [...script];
  const calls: FingerprintReference[] = [];
  return {
    get calls() { return calls; },
    get remaining() { return queue.length; },
    async verify(reference: FingerprintReference, options: FingerprintVerifyOptions = {}): Promise<FingerprintVerification> {
      throwIfAborted(options.signal, 'fingerprint capture');
      const next = queue.shift();
      if (next === undefined) throw new HalError('HAL_INTERNAL', 'simulated fingerprint verifier: script exhausted');
      calls.push(reference);
      const answer = typeof next === 'string' ? { outcome: next } : next;
      await simWait('fingerprint capture', answer.outcome === 'no-finger' ? undefined : (answer.delayMs ?? 0), options);
      if (answer.outcome === 'no-finger') throw new HalError('HAL_INTERNAL', 'unreachable');
      return 'score' in answer && answer.score !== undefined ? { outcome: answer.outcome, score: answer.score } : { outcome: answer.outcome };
    },
  };
}
