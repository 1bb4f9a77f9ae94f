/**
 * Public test vectors for the EMV symmetric mechanisms, each with its source. Keys here are published test keys.
 *
 * - DES: key 0123456789ABCDEF, "Now is t" → 3FA40E8A984D4815 (FIPS 81 / NBS DES validation example, widely
 *   reprinted); key 133457799BBCDFF1, 0123456789ABCDEF → 85E813540F0AB405 (J. Orlin Grabbe, "The DES Algorithm
 *   Illustrated", worked example).
 * - Triple DES (3 keys): NIST SP 800-67 Rev. 1, Appendix B example: keys 0123456789ABCDEF 23456789ABCDEF01
 *   456789ABCDEF0123, plaintext "The qufck brown fox jump" → A826FD8CE53B855F CCE21C8112256FE6 68D5C05DD9B6B900.
 * - ISO/IEC 9797-1 Algorithm 3, padding method 2, and the EMV key derivations, AC and ARPC Method 1: the test
 *   suite of pyemv (github.com/knovichikhin/pyemv, tests/test_mac.py, tests/test_kd_hsm.py, tests/test_ac_hsm.py),
 *   whose values the author checked against a payment HSM. Keys are identified there by 2-byte check values (the
 *   leftmost bytes of the key enciphering eight zero bytes).
 */
export const DES_VECTORS = [
  { key: '0123456789ABCDEF', plain: '4E6F772069732074', cipher: '3FA40E8A984D4815' },
  { key: '133457799BBCDFF1', plain: '0123456789ABCDEF', cipher: '85E813540F0AB405' },
] as const;

export const TDES_SP800_67 = {
  key: '0123456789ABCDEF 23456789ABCDEF01 456789ABCDEF0123',
  plain: '5468652071756663 6B2062726F776E20 666F78206A756D70',
  cipher: 'A826FD8CE53B855F CCE21C8112256FE6 68D5C05DD9B6B900',
} as const;

/** pyemv tests/test_mac.py: mac_iso9797_3(K1 = AA.., K2 = BB.., b"hello world", padding 2). */
export const RETAIL_MAC_PYEMV = { key: 'AAAAAAAAAAAAAAAA BBBBBBBBBBBBBBBB', text: 'hello world', mac: '2BC2D9EDE0CF31F6' } as const;

/** The issuer master key of the pyemv suite, check value 08D7. */
export const PYEMV_IMK = '0123456789ABCDEFFEDCBA9876543210';
export const PYEMV_IMK_KCV = '08D7';

/** pyemv tests/test_ac_hsm.py test_generate_ac_emv_arpc1 (Option A MK; R = 1234567890123456; ARPC over the MK). */
export const PYEMV_OPTION_A_1 = {
  pan: '9901234567890123',
  psn: 45,
  mkKcv: '1DA5',
  r: '1234567890123456',
  skKcv: '0995',
  data: '0123456789ABCDEF0123456789ABCDEF',
  arqc: '4B46013359B7A58B',
  arc: '0000',
  arpcWithMk: 'F8C9CECAABD55AD1',
} as const;

/** pyemv tests/test_kd_hsm.py test_derive_common_sk (17-digit PAN, ARPC Method 1 over the session key). */
export const PYEMV_OPTION_A_2 = {
  pan: '12345678901234567',
  psn: 45,
  mkKcv: 'FF08',
  r: '1234567890123456',
  skKcv: 'DF82',
  data: '0123456789ABCDEF0123456789ABCDEF',
  arqc: '19C1FBC83EBDC0D5',
  arc: '0000',
  arpcWithMk: '78A372523FA35A03',
  arpcWithSk: 'C3620580668E5B65',
} as const;

/**
 * pyemv tests/test_kd_hsm.py test_derive_icc_mk_b_sha_pad: an Option B MK (18-digit PAN, SHA-1 with decimalisation),
 * then R = ATC || '00' x 6 and an AC over Table 28 data plus 7 IAD bytes: a public vector for the ATC form of
 * the common session key and for the Table 28 byte order.
 */
export const PYEMV_OPTION_B_ATC = {
  pan: '000000000000000005',
  psn: 23,
  mkKcv: 'DD73',
  atc: 0x001c,
  skKcv: '04F8',
  /** 9F02 9F03 9F1A 95 5F2A 9A 9C 9F37 82 9F36, then the issuer's 7 IAD bytes. */
  data: '000000004000 000000000000 0124 8000048000 0124 191105 01 52BF4585 1800 001C 06011203A0B800',
  arqc: '8CAD6F2489C640B1',
} as const;
