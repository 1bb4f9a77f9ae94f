/** Loading the shipped (or a bench's own) hardware profiles, and matching a PC/SC reader name to its profile. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProfile, ProfileError, type CardReaderProfile, type HardwareProfile } from './profile.ts';

/** The folder of profiles shipped with Kart. */
export const SHIPPED_PROFILES_DIR = join(import.meta.dirname, 'profiles');

/** Reads and validates every `*.json` profile in `dir`; a bad file fails with `PROFILE_INVALID` naming it. */
export function loadProfiles(dir: string = SHIPPED_PROFILES_DIR): HardwareProfile[] {
  const profiles: HardwareProfile[] = [];
  const ids = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (error) {
      throw new ProfileError(file, `not valid JSON (${(error as Error).message})`);
    }
    const profile = parseProfile(json, file);
    if (ids.has(profile.id)) throw new ProfileError(`${file}.id`, `duplicate profile id ${profile.id}`);
    ids.add(profile.id);
    profiles.push(profile);
  }
  return profiles;
}

/** The first card-reader profile whose name pattern matches `readerName`, or undefined. */
export function matchReaderProfile(readerName: string, profiles: readonly HardwareProfile[]): CardReaderProfile | undefined {
  return profiles.find(
    (p): p is CardReaderProfile => p.kind === 'card-reader' && new RegExp(p.readerNamePattern, 'i').test(readerName),
  );
}
