import { existsSync } from 'node:fs';
import { arch } from 'node:os';

const MULTIARCH: Record<string, string> = { x64: 'x86_64-linux-gnu', arm64: 'aarch64-linux-gnu', arm: 'arm-linux-gnueabihf' };

/**
 * Where vsmartcard's vpcd driver for pcscd is installed (`KART_VPCD_LIB` overrides), or undefined.
 * Debian's vsmartcard-vpcd puts it in /usr/lib/pcsc/drivers/serial/.
 */
export function findVpcdDriver(): string | undefined {
  const candidates = [
    process.env['KART_VPCD_LIB'],
    '/usr/lib/pcsc/drivers/serial/libifdvpcd.so',
    `/usr/lib/${MULTIARCH[arch()] ?? arch()}/pcsc/drivers/serial/libifdvpcd.so`,
    '/usr/local/lib/pcsc/drivers/serial/libifdvpcd.so',
  ];
  return candidates.find((path): path is string => !!path && existsSync(path));
}
