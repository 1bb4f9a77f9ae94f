/**
 * The card's answer-to-reset: direct convention, T=0 offered first then T=1, historical bytes naming Kart.
 *
 * ```
 * 3B   TS  direct convention
 * 8A   T0  TD1 present, K = 10 historical bytes
 * 80   TD1 TD2 present, protocol T=0
 * B1   TD2 TA3, TB3, TD3 present, protocol T=1
 * FE   TA3 IFSC = 254
 * 45   TB3 BWI = 4, CWI = 5
 * 1F   TD3 protocol T=15 (global): TA4 follows
 * 03   TA4 clock stop not supported, class A and B (5 V, 3 V)
 * 80 73 C6 01 5F 54 4B 41 52 54   historical bytes (see below)
 * xx   TCK
 * ```
 *
 * @remarks See ISO/IEC 7816-3:2006, 8.2 (ATR), 8.2.5 (TCK: present when a protocol other than T=0 is offered,
 * XOR of T0 to TCK is zero), 11.4 (T=1 TA3/TB3); ISO/IEC 7816-4:2020, 8.1.1 (historical bytes, COMPACT-TLV).
 */
export function buildAtr(): Uint8Array {
  const interfaceBytes = [
    0x80, // See 7816-3 8.2.3: TD1 = TD2 present, T=0.
    0xb1, // TD2 = TA3, TB3, TD3 present, T=1.
    0xfe, // See 7816-3 11.4.2: TA3 = IFSC 254 bytes.
    0x45, // See 7816-3 11.4.3: TB3 = BWI 4, CWI 5.
    0x1f, // TD3 = TA4 present, T=15 (global interface bytes).
    0x03, // See 7816-3 8.3 Table 10: TA4 = class A and B, clock stop not supported.
  ];
  const historical = HISTORICAL_BYTES;
  // See 7816-3 8.2.2: T0 = Y1 (8: TD1 present) and K, the number of historical bytes.
  const body = [0x80 | historical.length, ...interfaceBytes, ...historical];
  const tck = body.reduce((x, b) => x ^ b, 0);
  // See 7816-3 8.1: TS = 3B, direct convention.
  return Uint8Array.from([0x3b, ...body, tck]);
}

/**
 * Historical bytes: category 80 then COMPACT-TLV objects.
 * 73 C6 01 5F: card capabilities (selection by full and partial DF name, short EF identifier, record number;
 * data coding 01; extended Lc/Le, channel assignment by card and by interface device, 8 or more channels).
 * 54 4B 41 52 54: card issuer's data, "KART".
 * @remarks See ISO/IEC 7816-4:2020, 8.1.1.2.7 (card capabilities, Tables 118 to 120) and 8.1.1.2.5.
 */
const HISTORICAL_BYTES = [0x80, 0x73, 0xc6, 0x01, 0x5f, 0x54, 0x4b, 0x41, 0x52, 0x54];
