/**
 * A card session: one connection to one card, seen by the kernel as a `Transceiver`. The T=0 transport rules
 * (61xx GET RESPONSE, 6Cxx re-send) are applied when the connection runs T=0, below the kernel; every exchange on
 * the wire is kept, with its time since the session opened and its duration, for the APDU trace (which redacts PIN blocks, keys and biometric data when it
 * is printed or recorded, never here: the session only holds what the card saw, in memory).
 */
import type { Transceiver } from '../emv/transceiver.ts';
import { withT0Rules } from '../emv/apdu/with-t0-rules.ts';
import type { CardConnection, Disposition } from './hal/card-reader.ts';
import type { LiveExchange } from './trace/trace-entries.ts';

export interface CardSession {
  readonly connection: CardConnection;
  /** What the kernel and the services send commands through. */
  readonly transceive: Transceiver;
  /** Every command and response as sent on the wire (after T=0 rules), in order, with timings in microseconds. */
  readonly exchanges: readonly LiveExchange[];
  /** Ends the session; the card is left as asked (default `leave`). */
  close(disposition?: Disposition): Promise<void>;
}

export interface CardSessionOptions {
  /** Keep the exchanges for the trace (default true). */
  readonly keepExchanges?: boolean;
  readonly signal?: AbortSignal;
}

const micros = (): number => Number(process.hrtime.bigint() / 1000n);

/** Opens a session on an open connection. */
export function openCardSession(connection: CardConnection, options: CardSessionOptions = {}): CardSession {
  const exchanges: LiveExchange[] = [];
  const opened = micros();
  const keep = options.keepExchanges ?? true;
  const signalOption = options.signal ? { signal: options.signal } : {};
  const wire: Transceiver = async (capdu) => {
    const start = micros();
    const at = start - opened;
    try {
      const rapdu = await connection.transmit(capdu, signalOption);
      if (keep) exchanges.push({ capdu, rapdu, at, dur: micros() - start });
      return rapdu;
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'HAL_INTERNAL';
      if (keep) exchanges.push({ capdu, at, dur: micros() - start, error: { code, message: (error as Error).message } });
      throw error;
    }
  };
  return {
    connection,
    transceive: connection.protocol === 'T0' ? withT0Rules(wire) : wire,
    exchanges,
    close: (disposition = 'leave') => connection.disconnect(disposition),
  };
}
