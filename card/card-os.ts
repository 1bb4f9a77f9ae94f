import { randomBytes } from 'node:crypto';
import type { Applet, AppletContext, AppletResponse } from './applet.ts';
import { AppletRegistry, type AppletEntry } from './applet-registry.ts';
import { buildAtr } from './atr.ts';
import { CardError, CardTornError, type TearPhase } from './card-error.ts';
import { decodeClassByte } from './class-byte.ts';
import { parseCommandApdu, type CommandApdu } from './command-apdu.ts';
import { LogicalChannels, MAX_LOGICAL_CHANNELS } from './logical-channels.ts';
import { manageChannel } from './manage-channel.ts';
import { PersistentStore } from './persistent-store.ts';
import { ResponseShaper, type ShapedResponse } from './response-shaper.ts';
import { selectByName } from './select-by-name.ts';
import * as SW from './status-word.ts';
import { ATC_MAX, createTransactionCounter } from './transaction-counter.ts';
import type { VirtualCard } from './virtual-card.ts';

export type CardProtocol = 'T=0' | 'T=1';

/** One exchange as the card saw it, for tracing. PIN-bearing command data is never included. */
export interface CardTraceEvent {
  /** The command; for VERIFY, CHANGE REFERENCE DATA and RESET RETRY COUNTER only the 4-byte header. */
  readonly command: Uint8Array;
  readonly redacted: boolean;
  /** The response, or `undefined` when power was cut. */
  readonly response: Uint8Array | undefined;
}

export interface CardOsOptions {
  readonly applets: readonly Applet[];
  /** Protocol the card behaves as (as negotiated by PPS). Default `T=0`, the first one the ATR offers. */
  readonly protocol?: CardProtocol;
  /** Names the card's build in a card image, so `loadCard` can rebuild it. Default `custom`. */
  readonly kind?: string;
  /** Persistent memory to start from (from a card image); applets with no state in it are installed. */
  readonly persistent?: Iterable<readonly [string, Uint8Array]>;
  /** Logical channels supported, 1 to 20. Default 20. */
  readonly channels?: number;
  /** Value at which each applet's ATC is exhausted. Default 65535. */
  readonly atcLimit?: number;
  /** Whether extended Lc/Le are accepted. Default true. */
  readonly extendedLength?: boolean;
  /** Card random number generator. Default `crypto.randomBytes`. */
  readonly random?: (length: number) => Uint8Array;
  readonly trace?: (event: CardTraceEvent) => void;
}

/** A tearing fault: the `apdu`-th command from now (1 = the next) loses power at `phase`. */
export interface TearPlan {
  readonly apdu: number;
  readonly phase: TearPhase;
}

/** The card OS: a `VirtualCard` with applets, channels, transactional persistent memory and fault injection. */
export interface CardOs extends VirtualCard {
  readonly kind: string;
  /** Protocol in use: the default one from power-on, or the one a PPS selected for this activation. */
  readonly protocol: CardProtocol;
  /** Protocol the card starts in at every power-on and reset (what a card image records). */
  readonly defaultProtocol: CardProtocol;
  /**
   * PPS: switches protocol until the next power-off or reset; only right after the ATR, before any command.
   * Returns whether it was accepted. See ISO/IEC 7816-3:2006, 9 (protocol and parameters selection).
   */
  selectProtocol(protocol: CardProtocol): boolean;
  /** Arms a tearing fault (replacing any armed one). Test hook. */
  tearAt(plan: TearPlan): void;
  /** Disarms a tearing fault that has not fired. */
  cancelTear(): void;
  /** Goes up whenever committed persistent memory changes: a card server saves its image when it moves. */
  readonly persistentVersion: number;
  /** Committed persistent memory, sorted by key (copies). */
  persistentEntries(): Array<[string, Uint8Array]>;
}

// See ISO/IEC 7816-4:2020, Table 1: INS of the commands the OS itself handles.
const INS_A4_SELECT = 0xa4;
const INS_70_MANAGE_CHANNEL = 0x70;
const INS_C0_GET_RESPONSE = 0xc0;
/** VERIFY, VERIFY (odd), CHANGE REFERENCE DATA, RESET RETRY COUNTER: command data may be a PIN. */
const PIN_INS = new Set([0x20, 0x21, 0x24, 0x2c]);

/**
 * Creates a card OS over `applets`. Every command runs in one persistent-memory transaction that commits when
 * the command completes; malformed input of any kind yields a status word, never an exception.
 *
 * @remarks See ISO/IEC 7816-3:2006 (ATR, T=0, T=1) and ISO/IEC 7816-4:2020, 5 (APDUs), 5.4 (class byte and
 * logical channels), 11.1.2 (MANAGE CHANNEL), 11.2.2 (SELECT), 7.4 (GET RESPONSE).
 */
export function createCardOs(options: CardOsOptions): CardOs {
  const channelCount = options.channels ?? MAX_LOGICAL_CHANNELS;
  if (!Number.isInteger(channelCount) || channelCount < 1 || channelCount > MAX_LOGICAL_CHANNELS) {
    throw new CardError('CARD_CONFIG_INVALID', `channels must be 1 to ${MAX_LOGICAL_CHANNELS}`);
  }
  const registry = new AppletRegistry(options.applets);
  const store = new PersistentStore(options.persistent);
  const random = options.random ?? ((length: number) => new Uint8Array(randomBytes(length)));
  const atcLimit = options.atcLimit ?? ATC_MAX;
  const atr = buildAtr();
  const channels = new LogicalChannels(channelCount);
  const ram = new Map<AppletEntry, Map<string, unknown>>();
  const defaultProtocol = options.protocol ?? 'T=0';
  let shaper = new ResponseShaper(defaultProtocol);
  let powered = false;
  let commandsSinceAtr = 0;
  let tear: { remaining: number; phase: TearPhase } | undefined;
  let commandNumber = 0;

  install(registry, store);

  const contextFor = (entry: AppletEntry, channel: number): AppletContext => {
    let appletRam = ram.get(entry);
    if (!appletRam) ram.set(entry, (appletRam = new Map()));
    return {
      channel,
      protocol: shaper.protocol,
      store: store.scoped(`${entry.aidHex}/`),
      ram: appletRam,
      atc: createTransactionCounter(store, `${entry.aidHex}#atc`, atcLimit),
      random,
    };
  };

  const host = {
    channels,
    registry,
    selectOnOpen(channel: number, entry: AppletEntry): boolean {
      const answer = entry.applet.select(SELECT_HEADER_ONLY(entry.aid), contextFor(entry, channel));
      const accepted = SW.isSuccessOrWarning(answer.sw);
      channels.select(channel, accepted ? entry : undefined);
      return accepted;
    },
    deselect(channel: number): void {
      const current = channels.selected(channel);
      channels.select(channel, undefined);
      if (current) current.applet.deselect?.(contextFor(current, channel));
    },
    contextFor,
  };

  /** A bare status word; like any command but GET RESPONSE, it drops a response waiting to be fetched. */
  const plain = (sw: number): ShapedResponse => {
    shaper.clear();
    return { bytes: SW.responseApdu(sw), discard: false };
  };

  const execute = (bytes: Uint8Array): ShapedResponse => {
    const parsed = parseCommandApdu(bytes, { extendedLength: options.extendedLength ?? true });
    if (!parsed.ok) return plain(parsed.sw);
    const apdu = parsed.apdu;
    const cls = decodeClassByte(apdu.cla);
    if (!cls) return plain(SW.SW_6E00_CLA_NOT_SUPPORTED);
    // See ISO/IEC 7816-3:2006, 10.3.2: INS 6X and 9X are invalid in T=0 (they would be procedure bytes).
    if (shaper.protocol === 'T=0' && ((apdu.ins & 0xf0) === 0x60 || (apdu.ins & 0xf0) === 0x90)) {
      return plain(SW.SW_6D00_INS_NOT_SUPPORTED);
    }
    if (!channels.isOpen(cls.channel)) return plain(SW.SW_6881_CHANNEL_NOT_SUPPORTED);
    if (cls.secureMessaging) return plain(SW.SW_6882_SECURE_MESSAGING_NOT_SUPPORTED);
    const channel = cls.channel;
    if (cls.chaining) {
      // See ISO/IEC 7816-4:2020, 5.4.1: only an applet that assembles chains sees one; never SELECT, MANAGE CHANNEL
      // or GET RESPONSE, which the card OS handles itself.
      const target = channels.selected(channel);
      const osCommand = !cls.proprietary && (apdu.ins === INS_C0_GET_RESPONSE || apdu.ins === INS_70_MANAGE_CHANNEL || apdu.ins === INS_A4_SELECT);
      if (!target?.applet.acceptsChaining || osCommand) return plain(SW.SW_6884_CHAINING_NOT_SUPPORTED);
    }
    if (!cls.proprietary && apdu.ins === INS_C0_GET_RESPONSE) {
      return { bytes: shaper.getResponse(apdu, channel), discard: false };
    }
    shaper.clear();
    let answer: AppletResponse;
    if (!cls.proprietary && apdu.ins === INS_70_MANAGE_CHANNEL) {
      answer = manageChannel(apdu, channel, host);
    } else if (!cls.proprietary && apdu.ins === INS_A4_SELECT && apdu.p1 === 0x04) {
      answer = selectByName(apdu, channel, host);
    } else {
      const selected = channels.selected(channel);
      if (!selected) return plain(apdu.ins === INS_A4_SELECT ? SW.SW_6A82_FILE_NOT_FOUND : SW.SW_6D00_INS_NOT_SUPPORTED);
      answer = selected.applet.process(apdu, contextFor(selected, channel));
    }
    if (!Number.isInteger(answer.sw) || answer.sw < 0x6000 || answer.sw > 0x9fff) {
      throw new RangeError(`applet answered an invalid status word ${answer.sw}`);
    }
    return shaper.shape(apdu, channel, answer);
  };

  const clearVolatile = (): void => {
    shaper = new ResponseShaper(defaultProtocol);
    channels.reset();
    ram.clear();
    shaper.clear();
    store.rollback();
    commandsSinceAtr = 0;
  };

  const card: CardOs = {
    atr,
    kind: options.kind ?? 'custom',
    defaultProtocol,
    get protocol() {
      return shaper.protocol;
    },
    get powered() {
      return powered;
    },
    powerOn() {
      clearVolatile();
      powered = true;
      return atr.slice();
    },
    powerOff() {
      clearVolatile();
      powered = false;
    },
    reset() {
      return card.powerOn();
    },
    selectProtocol(protocol) {
      if (!powered || commandsSinceAtr > 0) return false;
      shaper = new ResponseShaper(protocol);
      return true;
    },
    tearAt(plan) {
      if (!Number.isInteger(plan.apdu) || plan.apdu < 1) {
        throw new CardError('CARD_CONFIG_INVALID', 'tearAt: apdu must be a positive integer (1 = the next command)');
      }
      tear = { remaining: plan.apdu, phase: plan.phase };
    },
    cancelTear() {
      tear = undefined;
    },
    get persistentVersion() {
      return store.version;
    },
    persistentEntries: () => store.entries(),
    transmit(capdu) {
      if (!powered) throw new CardError('CARD_UNPOWERED', 'transmit on an unpowered card');
      commandNumber++;
      commandsSinceAtr++;
      let tornAt: TearPhase | undefined;
      if (tear && --tear.remaining === 0) {
        tornAt = tear.phase;
        tear = undefined;
      }
      const command = Uint8Array.from(capdu);
      store.begin();
      let shaped: ShapedResponse;
      try {
        shaped = execute(command);
      } catch {
        // An applet fault: nothing it wrote stands. See ISO/IEC 7816-4:2020, Table 6: 6F00.
        shaped = { bytes: SW.responseApdu(SW.SW_6F00_NO_PRECISE_DIAGNOSIS), discard: true };
      }
      if (tornAt === 'before-commit' || shaped.discard) store.rollback();
      else store.commit();
      if (tornAt) {
        card.powerOff();
        emitTrace(options.trace, command, undefined);
        throw new CardTornError(tornAt, commandNumber);
      }
      emitTrace(options.trace, command, shaped.bytes);
      return shaped.bytes;
    },
  };
  return card;
}

/** A header-only SELECT by name, handed to an applet selected implicitly on a newly opened channel. */
function SELECT_HEADER_ONLY(aid: Uint8Array): CommandApdu {
  // See ISO/IEC 7816-4:2020, 11.2.2: 00 A4 04 0C = select by DF name, no response data.
  return { cla: 0x00, ins: INS_A4_SELECT, p1: 0x04, p2: 0x0c, data: aid.slice(), ne: 0, case: 3, extended: false };
}

/** The persistent-memory key that marks an applet installed (its AID in upper-case hex, then `#installed`). */
const installedKey = (aidHex: string): string => `${aidHex}#installed`;

/**
 * Whether persistent memory (a card image's `persistent`) holds an installed applet with this AID: for card-image
 * builders that add an applet only to cards that were issued with it.
 */
export function hasInstalledApplet(persistent: Iterable<readonly [string, Uint8Array]>, aid: Uint8Array): boolean {
  const key = installedKey(Buffer.from(aid).toString('hex').toUpperCase());
  for (const [k] of persistent) if (k === key) return true;
  return false;
}

function install(registry: AppletRegistry, store: PersistentStore): void {
  store.begin();
  try {
    for (const entry of registry.all) {
      const marker = installedKey(entry.aidHex);
      if (store.get(marker)) continue;
      entry.applet.install?.(store.scoped(`${entry.aidHex}/`));
      store.set(marker, Uint8Array.of(1));
    }
  } catch (cause) {
    store.rollback();
    throw new CardError('CARD_CONFIG_INVALID', 'an applet failed to install', { cause });
  }
  store.commit();
}

function emitTrace(trace: CardOsOptions['trace'], command: Uint8Array, response: Uint8Array | undefined): void {
  if (!trace) return;
  const redacted = command.length > 4 && PIN_INS.has(command[1]!);
  try {
    trace({ command: redacted ? command.slice(0, 4) : command.slice(), redacted, response: response?.slice() });
  } catch {
    // A failing observer must not change what the card answers.
  }
}
