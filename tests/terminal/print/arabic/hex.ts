/** Test helper: code points of a string as 4-digit hex, space separated, and back. */
export const hex = (s: string): string => Array.from(s, (c) => c.codePointAt(0)!.toString(16).padStart(4, '0')).join(' ');
export const fromHex = (h: string): string => String.fromCodePoint(...h.split(' ').map((x) => parseInt(x, 16)));
