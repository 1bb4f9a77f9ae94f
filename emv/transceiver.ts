/**
 * The kernel's only seam to hardware: send one command APDU, get the response APDU (data and SW1 SW2).
 * @remarks The way openemv/emv-utils hands its kernel a `trx` function; emv/ imports nothing else.
 */
export type Transceiver = (capdu: Uint8Array) => Promise<Uint8Array>;
