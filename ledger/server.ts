/**
 * The ledger's HTTP service (node:http). Routes:
 * - `POST /v1/batches`: a signed batch (COSE_Sign1 bytes); 200 with the signed acknowledgement, or 422 with a
 *   signed refusal; 400 `LEDGER_BODY_MALFORMED` for bytes that are not a batch, 413 `LEDGER_BODY_TOO_LARGE`.
 * - `GET /v1/downloads/{blocklist,switched-households,parameters,ca-keys,clock}?since=N`: CBOR (see `Ledger.download`).
 * - `GET /v1/households/{id}/usage?day=N`: the household's consumption known centrally, COSE_Sign1 by the ledger key
 *   (household-usage.ts); the terminal's online view (terminal/services/http-ledger-view.ts).
 * - `GET /v1/reconciliation?terminal=&day=`, `GET /v1/reports/{terminal,household,day,flags}?...`,
 *   `GET /v1/reports/torn-debits`, `GET /v1/reports/day-registers?day=`: JSON.
 * Every error answer is JSON `{ code, message }` with a typed code; no request can crash the process.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { MAX_BATCH_BYTES } from '../terminal/sync/batch.ts';
import { DOWNLOAD_KINDS, type DownloadKind, type Ledger } from './ledger.ts';
import { LEDGER_ERROR_STATUS, LedgerError } from './ledger-error.ts';

export interface LedgerServerOptions {
  /** Largest request body (default `MAX_BATCH_BYTES`, 4 MiB). */
  readonly maxBodyBytes?: number;
  /** Called with unexpected faults (answered with 500 `LEDGER_INTERNAL`). */
  readonly onError?: (error: unknown) => void;
}

/** An HTTP server for `ledger`; call `listen` on it. */
export function createLedgerServer(ledger: Ledger, options: LedgerServerOptions = {}): Server {
  const maxBody = options.maxBodyBytes ?? MAX_BATCH_BYTES;
  const server = createServer((req, res) => {
    handle(ledger, req, res, maxBody).catch((error: unknown) => {
      if (!(error instanceof LedgerError)) options.onError?.(error);
      const coded = error instanceof LedgerError ? error : new LedgerError('LEDGER_INTERNAL', 'internal error');
      sendError(res, coded);
    });
  });
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  return server;
}

async function handle(ledger: Ledger, req: IncomingMessage, res: ServerResponse, maxBody: number): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://ledger');
  const path = url.pathname;
  const q = url.searchParams;
  if (path === '/v1/batches') {
    if (req.method !== 'POST') throw new LedgerError('LEDGER_METHOD_NOT_ALLOWED', 'POST a batch');
    const body = await readBody(req, maxBody);
    const result = await ledger.ingest(body);
    return send(res, result.status, 'application/cose', result.ack);
  }
  if (req.method !== 'GET') throw new LedgerError('LEDGER_METHOD_NOT_ALLOWED', `${req.method} ${path}`);
  const downloads = /^\/v1\/downloads\/([a-z-]+)$/.exec(path);
  if (downloads) {
    const kind = downloads[1] as DownloadKind;
    if (!DOWNLOAD_KINDS.includes(kind)) throw new LedgerError('LEDGER_NOT_FOUND', `no download ${kind}`);
    return send(res, 200, 'application/cbor', await ledger.download(kind, uintParam(q, 'since', 0)));
  }
  const usage = /^\/v1\/households\/([^/]+)\/usage$/.exec(path);
  if (usage) {
    if (!/^[0-9a-f]{16}$/.test(usage[1]!)) throw new LedgerError('LEDGER_BAD_REQUEST', 'household must be 16 lowercase hex digits');
    return send(res, 200, 'application/cose', await ledger.householdUsage(usage[1]!, uintParam(q, 'day')));
  }
  if (path === '/v1/reports/flags') return json(res, await ledger.flagsReport(uintParam(q, 'day')));
  if (path === '/v1/reports/torn-debits') return json(res, await ledger.tornDebitsReport());
  if (path === '/v1/reports/day-registers') return json(res, await ledger.dayRegistersReport(uintParam(q, 'day')));
  if (path === '/v1/reconciliation' || path === '/v1/reports/terminal') {
    return json(res, await ledger.reconciliation(uintParam(q, 'terminal'), uintParam(q, 'day')));
  }
  if (path === '/v1/reports/household') {
    const household = q.get('household') ?? '';
    if (!/^[0-9a-f]{16}$/.test(household)) throw new LedgerError('LEDGER_BAD_REQUEST', 'household must be 16 lowercase hex digits');
    return json(res, await ledger.householdReport(household, uintParam(q, 'day')));
  }
  if (path === '/v1/reports/day') return json(res, await ledger.dayReport(uintParam(q, 'day')));
  throw new LedgerError('LEDGER_NOT_FOUND', `no route ${path}`);
}

function uintParam(q: URLSearchParams, name: string, fallback?: number): number {
  const raw = q.get(name);
  if (raw === null && fallback !== undefined) return fallback;
  if (raw === null || !/^\d{1,15}$/.test(raw)) throw new LedgerError('LEDGER_BAD_REQUEST', `${name} must be an unsigned integer`);
  return Number(raw);
}

/** Reads the body, refusing more than `max` bytes (by header or by count) with `LEDGER_BODY_TOO_LARGE`. */
function readBody(req: IncomingMessage, max: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > max) {
      reject(new LedgerError('LEDGER_BODY_TOO_LARGE', `body of ${declared} bytes exceeds ${max}`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.removeAllListeners('data');
        req.resume();
        reject(new LedgerError('LEDGER_BODY_TOO_LARGE', `body exceeds ${max} bytes`));
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    req.on('error', reject);
    req.on('aborted', () => reject(new LedgerError('LEDGER_BODY_MALFORMED', 'request cut before its end')));
  });
}

function send(res: ServerResponse, status: number, type: string, body: Uint8Array): void {
  res.writeHead(status, { 'content-type': type, 'content-length': body.length });
  res.end(body);
}

function json(res: ServerResponse, value: unknown): void {
  send(res, 200, 'application/json', Buffer.from(JSON.stringify(value)));
}

function sendError(res: ServerResponse, error: LedgerError): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const body = Buffer.from(JSON.stringify({ code: error.code, message: error.message }));
  res.writeHead(LEDGER_ERROR_STATUS[error.code], { 'content-type': 'application/json', 'content-length': body.length, connection: 'close' });
  res.end(body);
}
