/**
 * `Uplink` over HTTP/1.1 (node:http) to the reference ledger (`ledger/server.ts`): `POST /v1/batches` and
 * `GET /v1/downloads/{kind}?since=`. One fresh connection per exchange (no keep-alive: a half-dead pooled socket
 * must never eat a batch), an overall timeout per exchange, a cap on the answer's size, and typed faults:
 * `HAL_NETWORK` (refused, unreachable, reset before an answer), `HAL_DISCONNECTED` (the answer was cut),
 * `HAL_TIMEOUT`, `HAL_CANCELED`, `HAL_UPLINK_STATUS` (an HTTP error without an acknowledgement; `status` and the
 * ledger's `code` on the error), `HAL_UPLINK_RESPONSE_TOO_LARGE`.
 */
import { HalError } from '../errors.ts';
import { httpExchange } from './http-exchange.ts';
import type { DownloadKind, Uplink, UplinkSendOptions } from '../uplink.ts';

export interface HttpUplinkOptions {
  /** Base URL of the ledger, e.g. `http://127.0.0.1:8080`. */
  readonly baseUrl: string;
  /** Limit for one whole exchange in milliseconds (default 15 000). */
  readonly timeoutMs?: number;
  /** Largest acknowledgement accepted (default 1 MiB); downloads allow 64 MiB. */
  readonly maxAckBytes?: number;
}

/** An HTTP error answer: the status and the ledger's typed code when it sent one. */
export class UplinkStatusError extends HalError {
  constructor(readonly status: number, readonly ledgerCode: string | undefined, message: string) {
    super('HAL_UPLINK_STATUS', message);
  }
}

export class HttpUplink implements Uplink {
  readonly #base: URL;
  readonly #timeoutMs: number;
  readonly #maxAckBytes: number;

  constructor(options: HttpUplinkOptions) {
    this.#base = new URL(options.baseUrl);
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#maxAckBytes = options.maxAckBytes ?? 1024 * 1024;
  }

  async send(batch: Uint8Array, options: UplinkSendOptions = {}): Promise<Uint8Array> {
    const headers = { 'content-type': 'application/cose', 'kart-attempt': String(options.attempt ?? 1) };
    const answer = await this.#exchange('POST', '/v1/batches', batch, headers, this.#maxAckBytes, options.signal);
    // 200: stored; 422: refused with a signed acknowledgement saying why. Both carry an acknowledgement.
    if (answer.status === 200 || answer.status === 422) return answer.body;
    throw statusError(answer.status, answer.body);
  }

  async download(kind: DownloadKind, sinceVersion: number, options: { readonly signal?: AbortSignal } = {}): Promise<Uint8Array> {
    const path = `/v1/downloads/${kind}?since=${encodeURIComponent(String(sinceVersion))}`;
    const answer = await this.#exchange('GET', path, undefined, {}, 64 * 1024 * 1024, options.signal);
    if (answer.status === 200) return answer.body;
    throw statusError(answer.status, answer.body);
  }

  #exchange(
    method: 'GET' | 'POST', path: string, body: Uint8Array | undefined, headers: Record<string, string>, maxBytes: number, signal: AbortSignal | undefined,
  ): Promise<{ status: number; body: Uint8Array }> {
    return httpExchange({
      url: new URL(path, this.#base), method, headers, maxBytes, timeoutMs: this.#timeoutMs, what: `uplink ${method} ${path}`,
      ...(body ? { body } : {}), ...(signal ? { signal } : {}),
    });
  }
}

function statusError(status: number, body: Uint8Array): UplinkStatusError {
  let code: string | undefined;
  let message = '';
  try {
    const parsed = JSON.parse(Buffer.from(body).toString('utf8')) as { code?: unknown; message?: unknown };
    if (typeof parsed.code === 'string') code = parsed.code;
    if (typeof parsed.message === 'string') message = parsed.message;
  } catch {
    // Not the ledger's JSON error: status only.
  }
  return new UplinkStatusError(status, code, `uplink: HTTP ${status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`);
}
