import type { Applet } from '../../card/applet.ts';

/** Commands of the probe applet (class 80). */
export const PROBE = {
  /** 80 01 00 00 Le: returns the applet's name. */
  NAME: 0x01,
  /** 80 02 00 00 Lc data: stores data under 'v' (in the transaction), two keys so atomicity shows. */
  WRITE: 0x02,
  /** 80 03 00 00: throws, as a buggy applet would. */
  THROW: 0x03,
  /** 80 04 P1 P2 Le: returns P1 * 256 + P2 bytes of 0xA5. */
  DATA: 0x04,
  /** 80 05 00 00 Le: returns 'v'. */
  READ: 0x05,
  /** 80 06 00 00 Le: counts a transaction, returns the ATC. */
  COUNT: 0x06,
} as const;

/** Events seen by probe applets, in order: `select:NAME@channel`, `deselect:NAME@channel`. */
export type ProbeLog = string[];

/**
 * A small applet for card OS tests: FCI = 6F (84 AID), plus the commands in `PROBE`. `refuse` makes its select
 * hook answer 6999.
 */
export function createProbeApplet(name: string, aidHex: string, log: ProbeLog = [], refuse = false): Applet {
  const aid = Uint8Array.from(Buffer.from(aidHex, 'hex'));
  return {
    aid,
    select(_apdu, context) {
      log.push(`select:${name}@${context.channel}`);
      if (refuse) return { sw: 0x6999 };
      return { data: Uint8Array.from([0x6f, aid.length + 2, 0x84, aid.length, ...aid]), sw: 0x9000 };
    },
    deselect(context) {
      log.push(`deselect:${name}@${context.channel}`);
    },
    process(apdu, context) {
      switch (apdu.ins) {
        case PROBE.NAME:
          return { data: new TextEncoder().encode(name), sw: 0x9000 };
        case PROBE.WRITE:
          context.store.set('v', apdu.data);
          context.store.set('v-copy', apdu.data);
          return { sw: 0x9000 };
        case PROBE.THROW:
          context.store.set('v', Uint8Array.of(0xee));
          throw new Error('probe applet fault');
        case PROBE.DATA:
          return { data: new Uint8Array((apdu.p1 << 8) | apdu.p2).fill(0xa5), sw: 0x9000 };
        case PROBE.READ:
          return { data: context.store.get('v') ?? new Uint8Array(0), sw: 0x9000 };
        case PROBE.COUNT: {
          const atc = context.atc.increment();
          return atc === undefined ? { sw: 0x6985 } : { data: Uint8Array.of(atc >> 8, atc & 0xff), sw: 0x9000 };
        }
        default:
          return { sw: 0x6d00 };
      }
    },
  };
}
