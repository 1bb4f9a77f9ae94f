/**
 * The supervised exception's other party: the supervisor presents their own card (in the terminal's second slot)
 * and their PIN is checked against it. Interface only, like the HAL contracts; `createSimSupervisorDesk` is the
 * simulated peer for the testbench.
 */
import type { PinBlock } from '../hal/pin-block.ts';

export interface SupervisorDesk {
  /** The supervisor's card id once presented, or undefined when no supervisor comes. */
  presentCard(options: { readonly signal?: AbortSignal }): Promise<Uint8Array | undefined>;
  /** Checks the supervisor's PIN against their card. */
  verifyPin(supervisorCardId: Uint8Array, pin: PinBlock, options: { readonly signal?: AbortSignal }): Promise<'correct' | 'wrong'>;
}

/** A simulated desk: one supervisor card id and PIN (digits compared as PIN blocks), or nobody. */
export function createSimSupervisorDesk(supervisor: { readonly cardId: Uint8Array; readonly pinBlock: PinBlock } | undefined): SupervisorDesk {
  return {
    presentCard: async () => supervisor?.cardId,
    verifyPin: async (_id, pin) => {
      const expected = supervisor?.pinBlock.bytes();
      const given = pin.bytes();
      return expected !== undefined && expected.length === given.length && expected.every((b, i) => b === given[i]) ? 'correct' : 'wrong';
    },
  };
}
