/** Kart's public API: terminals on real or simulated devices, the test bench, and the types they share. */
export { createTerminal, type CreateTerminalOptions } from './create-terminal.ts';
export {
  createTestbench, type BenchHousehold, type BenchMember, type BenchPaymentCard, type Testbench, type TestbenchOptions,
} from './create-testbench.ts';
export type { BenchCardPayment } from './bench/bench-card-payments.ts';
export type { BenchIssuer } from './bench/bench-issuer.ts';
export type { CardPaymentResult, CardPaymentApproved, CardPaymentDeclined } from '../terminal/payment/pay-by-card.ts';
export { createSimCardSlots, type CardSlots, type SimCardSlots, type SlotName } from './bench/card-slots.ts';
export { startPcscCardSlots } from './bench/pcsc-card-slots.ts';
export type { BakeryServices } from './bench/bakery-services.ts';
export type { BenchHouseholdSpec } from './bench/bench-household.ts';
export type { Terminal, TerminalBindings } from '../terminal/terminal.ts';
export type { CardSession } from '../terminal/card-session.ts';
export type { CardReader, CardConnection, ReaderEvent } from '../terminal/hal/card-reader.ts';
export { HalError, type HalErrorCode } from '../terminal/hal/errors.ts';
export { loadProfiles, matchReaderProfile } from '../hardware-profiles/load-profiles.ts';
export { receiptOf } from '../terminal/services/receipt-of.ts';
