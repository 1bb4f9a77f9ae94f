/** The biometrics library's public surface: pure code, no terminal state, shared with the virtual card. */
export { BiometricError, type BiometricErrorCode } from './errors.ts';
export * from './finger-minutiae-record.ts';
export { encodeFingerMinutiaeRecord } from './encode-finger-minutiae-record.ts';
export { decodeFingerMinutiaeRecord } from './decode-finger-minutiae-record.ts';
export { encodeCompactCard } from './encode-compact-card.ts';
export { decodeCompactCard } from './decode-compact-card.ts';
export { toCompactMinutiae } from './to-compact-minutiae.ts';
export { prepareTemplate, type PreparedTemplate } from './prepare-template.ts';
export { compareTemplates, compareTemplatesDetailed, type ComparisonDetail } from './compare-templates.ts';
export { match, MATCH_THRESHOLD } from './match.ts';
export { createSeededRandom, type SeededRandom } from './seeded-random.ts';
export { generateSyntheticFinger, type SyntheticFinger } from './synthetic-finger.ts';
export { generateImpression, type SyntheticImpression } from './synthetic-impression.ts';
export { DIFFICULTY_LEVELS, type DifficultyLevel } from './difficulty-levels.ts';
