/**
 * The reader.conf a private pcscd reads: one vpcd entry per port. vpcd's DEVICENAME is `/dev/null:0xPORT`
 * (the port is parsed from the hex after the colon); each entry serves two slots, on PORT and PORT+1, named
 * `FRIENDLYNAME NN 00` and `FRIENDLYNAME NN 01`, where NN tells apart readers with the same friendly name.
 */

export interface VpcdReaderEntry {
  /** vpcd's TCP port for slot 0 (slot 1 uses port + 1). */
  readonly port: number;
  readonly friendlyName: string;
}

/** Slots one vpcd entry serves (vsmartcard's VICC_MAX_SLOTS in Debian's build). */
export const VPCD_SLOTS = 2;

/**
 * The reader.conf text for `entries`, entry i loading vpcd from `libPaths[i]`. Give each entry its own copy of
 * the driver: vpcd keeps its sockets in globals indexed by slot, and pcscd loads a LIBPATH once, so two entries
 * sharing one library overwrite each other's slots (the first entry's readers never see a card, the second's
 * get the other's power commands).
 */
export function buildReaderConf(entries: readonly VpcdReaderEntry[], libPaths: readonly string[]): string {
  return entries
    .map((e, i) => {
      const libPath = libPaths[i] ?? libPaths[0]!;
      const channel = `0x${e.port.toString(16).toUpperCase()}`;
      return [
        `FRIENDLYNAME "${e.friendlyName.replace(/"/g, '')}"`,
        `DEVICENAME /dev/null:${channel}`,
        `LIBPATH ${libPath}`,
        `CHANNELID ${channel}`,
        '',
      ].join('\n');
    })
    .join('\n');
}

/**
 * The reader names pcscd will list for `entries`, leaving out those whose friendly name contains one of
 * `ignored` (pcscd's PCSCLITE_FILTER_IGNORE_READER_NAMES is matched against the friendly name).
 */
export function expectedReaderNames(entries: readonly VpcdReaderEntry[], ignored: readonly string[] = []): string[] {
  const used = new Map<string, number>();
  const names: string[] = [];
  for (const e of entries) {
    if (ignored.some((part) => part !== '' && e.friendlyName.includes(part))) continue;
    const index = used.get(e.friendlyName) ?? 0;
    used.set(e.friendlyName, index + 1);
    for (let slot = 0; slot < VPCD_SLOTS; slot++) names.push(`${e.friendlyName} ${hex2(index)} ${hex2(slot)}`);
  }
  return names;
}

/** Checks that ports are usable and at least two apart (each entry also takes port + 1). */
export function checkVpcdPorts(ports: readonly number[]): string | undefined {
  const sorted = [...ports].sort((a, b) => a - b);
  for (const p of sorted) if (!Number.isInteger(p) || p < 1 || p > 65534) return `vpcd port ${p} is out of range`;
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]! - sorted[i - 1]! < VPCD_SLOTS) return `vpcd ports ${sorted[i - 1]} and ${sorted[i]} overlap`;
  }
  return undefined;
}

const hex2 = (n: number): string => n.toString(16).padStart(2, '0').toUpperCase();
