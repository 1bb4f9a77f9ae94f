/** What the class byte says about channel, secure messaging and chaining. */
export interface ClassByte {
  /** Logical channel number 0-19. */
  readonly channel: number;
  readonly secureMessaging: boolean;
  readonly chaining: boolean;
  /** b8 set: a proprietary class (e.g. 80 for issuer commands), with the same channel coding here. */
  readonly proprietary: boolean;
}

/**
 * Decodes the CLA byte; `undefined` for an invalid or RFU class (the card answers 6E00).
 * Proprietary classes (b8 = 1) use the interindustry channel coding, as GlobalPlatform cards do.
 *
 * @remarks See ISO/IEC 7816-4:2020, 5.4.1 (Tables 2 to 4: first and further interindustry values of CLA).
 */
export function decodeClassByte(cla: number): ClassByte | undefined {
  if (cla === 0xff) return undefined; // See 7816-3 9.1: FF is reserved for PPS, never a valid CLA.
  const proprietary = (cla & 0x80) !== 0;
  if ((cla & 0x40) === 0) {
    // First interindustry coding: 000x xxxx. 001x xxxx is RFU. See 7816-4 Table 3.
    if (!proprietary && (cla & 0x20) !== 0) return undefined;
    return {
      channel: cla & 0x03,
      secureMessaging: (cla & 0x0c) !== 0,
      chaining: (cla & 0x10) !== 0,
      proprietary,
    };
  }
  // Further interindustry coding: 01xx xxxx, b4-b1 = channel - 4. See 7816-4 Table 4.
  return {
    channel: 4 + (cla & 0x0f),
    secureMessaging: (cla & 0x20) !== 0,
    chaining: (cla & 0x10) !== 0,
    proprietary,
  };
}

/**
 * Encodes the class byte for `channel` (0-19): interindustry 00-03 / 40-4F, or proprietary 80-83 / C0-CF.
 *
 * @remarks See ISO/IEC 7816-4:2020, 5.4.1 (Tables 3 and 4).
 */
export function classForChannel(channel: number, proprietary = false): number {
  const base = proprietary ? 0x80 : 0x00;
  return channel < 4 ? base | channel : base | 0x40 | (channel - 4);
}
