/**
 * One HTTP request and its whole answer, with the faults typed for the terminal: an overall deadline
 * (`HAL_TIMEOUT`), cancellation (`HAL_CANCELED`), no connection (`HAL_NETWORK`), an answer cut short
 * (`HAL_DISCONNECTED`) and an answer larger than the caller accepts (`HAL_UPLINK_RESPONSE_TOO_LARGE`). A fresh
 * connection per exchange (no keep-alive agent): a terminal exchanges rarely, and a stale pooled socket is one more
 * way to fail.
 */
import { request } from 'node:http';
import { HalError, throwIfAborted } from '../errors.ts';

export interface HttpExchange {
  readonly url: URL;
  readonly method: 'GET' | 'POST';
  readonly body?: Uint8Array;
  readonly headers?: Record<string, string>;
  readonly maxBytes: number;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Names the exchange in error messages ("uplink POST /v1/batches"). */
  readonly what: string;
}

export function httpExchange(x: HttpExchange): Promise<{ status: number; body: Uint8Array }> {
  const { what, signal, maxBytes, body } = x;
  throwIfAborted(signal, what);
  return new Promise((resolve, reject) => {
    let settled = false;
    let answered = false;
    const finish = (error: HalError | undefined, value?: { status: number; body: Uint8Array }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error) {
        req.destroy();
        reject(error);
      } else resolve(value!);
    };
    const req = request(x.url, {
      method: x.method, agent: false,
      headers: { ...x.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
    });
    const timer = setTimeout(() => finish(new HalError('HAL_TIMEOUT', `${what}: no answer within ${x.timeoutMs} ms`)), x.timeoutMs);
    const onAbort = () => finish(new HalError('HAL_CANCELED', `${what} canceled`, { cause: signal?.reason }));
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error) => {
      const code = answered ? 'HAL_DISCONNECTED' : 'HAL_NETWORK';
      finish(new HalError(code, `${what}: ${(error as NodeJS.ErrnoException).code ?? error.message}`, { cause: error }));
    });
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      let size = 0;
      const declared = Number(res.headers['content-length'] ?? Number.NaN);
      if (declared > maxBytes) {
        finish(new HalError('HAL_UPLINK_RESPONSE_TOO_LARGE', `${what}: answer of ${declared} bytes exceeds ${maxBytes}`));
        return;
      }
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) finish(new HalError('HAL_UPLINK_RESPONSE_TOO_LARGE', `${what}: answer exceeds ${maxBytes} bytes`));
        else chunks.push(chunk);
      });
      res.on('error', (error) => finish(new HalError('HAL_DISCONNECTED', `${what}: answer cut: ${error.message}`, { cause: error })));
      res.on('close', () => {
        if (!res.complete) finish(new HalError('HAL_DISCONNECTED', `${what}: answer cut after ${size} bytes`));
        else finish(undefined, { status: res.statusCode ?? 0, body: new Uint8Array(Buffer.concat(chunks)) });
      });
    });
    req.end(body === undefined ? undefined : Buffer.from(body.buffer, body.byteOffset, body.length));
  });
}
