/** Fault codes of the virtual card. Callers branch on `code`, never on the message. */
export type CardErrorCode = 'CARD_TORN' | 'CARD_UNPOWERED' | 'CARD_IMAGE_INVALID' | 'CARD_CONFIG_INVALID';

/**
 * One error class for `card/`: a string-literal `code`, an English message, an optional `cause`.
 * `transmit` throws only `CardTornError` (a test-injected power cut) and `CARD_UNPOWERED` (no power applied);
 * every malformed command yields a status word instead.
 */
export class CardError extends Error {
  override readonly name: string = 'CardError';
  constructor(
    readonly code: CardErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** Where in the command the injected power cut falls. */
export type TearPhase = 'before-commit' | 'after-commit';

/**
 * Power was cut during a command by a tearing fault armed with `CardOs.tearAt`: no response was produced and the
 * card is now unpowered. `phase` says whether the command's persistent writes were rolled back or stand.
 */
export class CardTornError extends CardError {
  override readonly name = 'CardTornError';
  constructor(
    readonly phase: TearPhase,
    readonly apdu: number,
  ) {
    super('CARD_TORN', `card torn during command ${apdu} (${phase})`);
  }
}
