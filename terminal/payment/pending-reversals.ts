/**
 * Reversals the issuer link could not take yet (it threw): kept in order and sent again before the counter's next
 * authorisation, or on `flush`. In memory: a restart before the link comes back loses them, and the issuer's own
 * timeout on an incomplete authorisation is then the backstop (not modelled by the reference issuer).
 */
import type { IssuerConnection, PaymentReversal } from './pay-by-card.ts';

export class PendingReversals {
  readonly #queue: PaymentReversal[] = [];

  /** Reversals still to send, oldest first. */
  get pending(): readonly PaymentReversal[] {
    return [...this.#queue];
  }

  add(reversal: PaymentReversal): void {
    this.#queue.push(reversal);
  }

  /** Sends the queued reversals in order; stops at the first the link refuses (it stays queued). Never throws. */
  async flush(issuer: IssuerConnection): Promise<{ readonly sent: number; readonly left: number }> {
    let sent = 0;
    if (!issuer.reverse) return { sent, left: this.#queue.length };
    while (this.#queue.length > 0) {
      try {
        await issuer.reverse(this.#queue[0]!);
      } catch {
        break;
      }
      this.#queue.shift();
      sent++;
    }
    return { sent, left: this.#queue.length };
  }
}
