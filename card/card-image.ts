import { Decoder, Encoder } from 'cbor-x';
import { CardError } from './card-error.ts';
import type { CardOs, CardProtocol } from './card-os.ts';
import { createDemoCard, DEMO_CARD_KIND } from './demo-card.ts';

/**
 * A card image: what survives between runs of `kart card serve --card FILE`. Only persistent memory is kept
 * (EEPROM: applet data, PIN and try counters, ATCs), with the card's kind and default protocol; volatile state (channels,
 * selections, a verified PIN) never is. Applet code is not in the image: `kind` names the builder that installs it.
 *
 * Encoding: CBOR (RFC 8949), one positional array, deterministic for the same state:
 * `["kart-card-image", 1, kind, protocol, [[key, bytes], ...]]` with keys sorted. CBOR rather than JSON because
 * the state is byte strings, and the project's other durable records are CBOR. Note that an image holds the
 * reference PIN, as a real card's EEPROM does: treat image files as card secrets.
 */
export interface CardImage {
  readonly kind: string;
  readonly protocol: CardProtocol;
  readonly entries: ReadonlyArray<readonly [string, Uint8Array]>;
}

const MAGIC = 'kart-card-image';
const VERSION = 1;
const cborOptions = { useRecords: false, variableMapSize: true, tagUint8Array: false, mapsAsObjects: false } as const;

/** Builds a card of one kind from persistent memory taken from an image. */
export type CardBuilder = (options: { persistent: ReadonlyArray<readonly [string, Uint8Array]>; protocol: CardProtocol }) => CardOs;

/** The builders `loadCard` knows without being told: the demo card. Add others by passing a wider record. */
export const DEFAULT_CARD_BUILDERS: Readonly<Record<string, CardBuilder>> = Object.freeze({
  [DEMO_CARD_KIND]: (options) => createDemoCard(options),
});

/**
 * Saves a card's persistent state as a CBOR card image.
 *
 * @remarks See RFC 8949 (CBOR), 4.2 (deterministic encoding).
 */
export function serializeCard(card: CardOs): Uint8Array {
  const entries = card.persistentEntries().map(([key, value]) => [key, value]);
  return new Uint8Array(new Encoder(cborOptions).encode([MAGIC, VERSION, card.kind, card.defaultProtocol, entries]));
}

/** Decodes and checks a card image; throws `CardError` `CARD_IMAGE_INVALID` on any other input. */
export function decodeCardImage(bytes: Uint8Array): CardImage {
  let decoded: unknown;
  try {
    decoded = new Decoder(cborOptions).decode(bytes);
  } catch (cause) {
    throw new CardError('CARD_IMAGE_INVALID', 'card image is not CBOR', { cause });
  }
  const invalid = (what: string): never => {
    throw new CardError('CARD_IMAGE_INVALID', `card image: ${what}`);
  };
  if (!Array.isArray(decoded) || decoded.length !== 5) return invalid('not a 5-element array');
  const [magic, version, kind, protocol, rawEntries] = decoded as unknown[];
  if (magic !== MAGIC) return invalid('not a Kart card image');
  if (version !== VERSION) return invalid(`unsupported version ${String(version)}`);
  if (typeof kind !== 'string' || kind.length === 0) return invalid('kind must be a non-empty string');
  if (protocol !== 'T=0' && protocol !== 'T=1') return invalid('protocol must be T=0 or T=1');
  if (!Array.isArray(rawEntries)) return invalid('entries must be an array');
  const seen = new Set<string>();
  const entries = rawEntries.map((entry: unknown): [string, Uint8Array] => {
    if (!Array.isArray(entry) || entry.length !== 2) return invalid('an entry must be [key, bytes]');
    const [key, value] = entry as unknown[];
    if (typeof key !== 'string' || !(value instanceof Uint8Array)) return invalid('an entry must be [key, bytes]');
    if (seen.has(key)) return invalid(`duplicate key ${key}`);
    seen.add(key);
    return [key, Uint8Array.from(value)];
  });
  return { kind, protocol, entries };
}

/**
 * Rebuilds a card from an image: the builder registered for the image's kind installs the applets, over the
 * saved persistent memory. The card comes back unpowered. Throws `CARD_IMAGE_INVALID` for a bad image or an
 * unknown kind.
 */
export function loadCard(bytes: Uint8Array, builders: Readonly<Record<string, CardBuilder>> = DEFAULT_CARD_BUILDERS): CardOs {
  const image = decodeCardImage(bytes);
  const builder = Object.hasOwn(builders, image.kind) ? builders[image.kind] : undefined;
  if (!builder) throw new CardError('CARD_IMAGE_INVALID', `no card builder for kind ${image.kind}`);
  return builder({ persistent: image.entries, protocol: image.protocol });
}
