/**
 * R30x / AS608 instruction codes and confirmation codes, shared by the driver and the simulated module.
 *
 * See the R30x "Fingerprint module user manual" and the AS608 user manual, section "Module instruction system"
 * (instruction table and per-instruction descriptions) and the confirmation code table.
 */

/** Instruction codes (first byte of a command packet's contents). */
export const R30X_INSTRUCTION = {
  /** GenImg: detect a finger and store its image in the image buffer. */
  GEN_IMG: 0x01,
  /** Img2Tz (GenChar): generate a character file from the image into CharBuffer 1 or 2 (one parameter byte). */
  IMG_2_TZ: 0x02,
  /** Match: compare CharBuffer 1 and 2; returns a 2-byte score. */
  MATCH: 0x03,
  /** Search: search the library with CharBuffer N from a start page over N pages; returns page and score. */
  SEARCH: 0x04,
  /** RegModel: combine CharBuffer 1 and 2 into a template. */
  REG_MODEL: 0x05,
  /** Store: store CharBuffer N at a page of the flash library. */
  STORE: 0x06,
  /** UpChar: upload CharBuffer N to the host, as data packets after the acknowledgement. */
  UP_CHAR: 0x08,
  /** UpImage: upload the image buffer, as data packets after the acknowledgement. */
  UP_IMAGE: 0x0a,
  /** ReadSysPara: read the 16 bytes of basic parameters. */
  READ_SYS_PARA: 0x0f,
  /** VfyPwd: verify the 4-byte handshake password (default 0). */
  VFY_PWD: 0x13,
} as const;

/** Confirmation codes (first byte of an acknowledge packet's contents). */
export const R30X_CONFIRM = {
  OK: 0x00,
  /** Error when receiving the data package. */
  PACKET_ERROR: 0x01,
  /** No finger on the sensor. */
  NO_FINGER: 0x02,
  /** Failed to enroll (collect) the finger. */
  ENROLL_FAIL: 0x03,
  /** Failed to generate a character file: the image is over-disorderly (too messy). */
  IMAGE_TOO_MESSY: 0x06,
  /** Failed to generate a character file: too few character points (too small, too dry). */
  TOO_FEW_FEATURES: 0x07,
  /** Fingers do not match. */
  NO_MATCH: 0x08,
  /** No matching finger found in the library. */
  NOT_FOUND: 0x09,
  /** Failed to combine the character files. */
  COMBINE_FAIL: 0x0a,
  /** Page id beyond the library. */
  BAD_PAGE: 0x0b,
  /** Error when uploading the template. */
  UPLOAD_FAIL: 0x0d,
  /** Wrong password. */
  WRONG_PASSWORD: 0x13,
  /** Failed to generate the image for lack of a valid primary image. */
  NO_VALID_IMAGE: 0x15,
  /** Error when writing the flash. */
  FLASH_ERROR: 0x18,
} as const;

/** Data packet sizes by the ReadSysPara "data packet size" code (0..3). */
export const R30X_PACKET_SIZES = [32, 64, 128, 256] as const;

/** Size of the character file UpChar sends (R307/AS608: 512 bytes). */
export const R30X_CHAR_FILE_BYTES = 512;

const NAMES = new Map<number, string>(Object.entries(R30X_CONFIRM).map(([name, code]) => [code, name]));

/** A confirmation code's name for messages ("IMAGE_TOO_MESSY (0x06)"). */
export function describeConfirmation(code: number): string {
  return `${NAMES.get(code) ?? 'UNKNOWN'} (0x${code.toString(16).padStart(2, '0')})`;
}
