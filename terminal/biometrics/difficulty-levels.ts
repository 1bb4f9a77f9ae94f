/**
 * How one impression is drawn from a synthetic finger. Every length is in pixels at 500 dpi (19.685 px/mm),
 * every angle in degrees. See README.md in this folder for the table and the model.
 */
export interface DifficultyLevel {
  readonly name: 'easy' | 'medium' | 'hard';
  /** Sensor window (image size) in pixels. */
  readonly sensorWidth: number;
  readonly sensorHeight: number;
  /** Finger rotation on the sensor: uniform in [-maxRotation, +maxRotation]. */
  readonly maxRotationDeg: number;
  /** Placement: the contact centre lands uniformly within +-maxTranslation of the window centre (each axis). */
  readonly maxTranslationPx: number;
  /** Contact centre on the finger: normal around the finger centre with this sd (each axis). */
  readonly contactOffsetSdPx: number;
  /** Contact ellipse (pressure): semi-axes drawn uniformly from these ranges. */
  readonly contactSemiAxisXPx: readonly [number, number];
  readonly contactSemiAxisYPx: readonly [number, number];
  /**
   * Plastic distortion (after Cappelli, Maio, Maltoni, "Modelling plastic distortion in fingerprint images",
   * ICAPR 2001): no distortion within `distortionInnerRadiusPx` of the contact centre, full distortion beyond
   * `distortionOuterRadiusPx`, a smoothstep between. Full distortion is a shift of `distortionShiftPx` in a random
   * direction plus a twist of up to +-`distortionTwistDeg` about the contact centre.
   */
  readonly distortionInnerRadiusPx: number;
  readonly distortionOuterRadiusPx: number;
  readonly distortionShiftPx: number;
  readonly distortionTwistDeg: number;
  /** Extraction noise: normal sd of position (each axis) and of direction. */
  readonly positionNoiseSdPx: number;
  readonly angleNoiseSdDeg: number;
  /** Probability that a visible true minutia is missed. */
  readonly dropoutRate: number;
  /** Expected spurious minutiae per visible true minutia. */
  readonly spuriousRate: number;
  /** Probability that an ending is reported as a bifurcation or the reverse. */
  readonly typeFlipRate: number;
  /** Minutiae closer than this to the window edge are not extracted. */
  readonly borderMarginPx: number;
}

/** The three benchmark levels. Changing one changes the benchmark's figures and the production threshold. */
export const DIFFICULTY_LEVELS: Readonly<Record<DifficultyLevel['name'], DifficultyLevel>> = {
  easy: {
    name: 'easy',
    sensorWidth: 320,
    sensorHeight: 400,
    maxRotationDeg: 15,
    maxTranslationPx: 20,
    contactOffsetSdPx: 15,
    contactSemiAxisXPx: [140, 170],
    contactSemiAxisYPx: [180, 220],
    distortionInnerRadiusPx: 60,
    distortionOuterRadiusPx: 180,
    distortionShiftPx: 3,
    distortionTwistDeg: 2,
    positionNoiseSdPx: 1.5,
    angleNoiseSdDeg: 5,
    dropoutRate: 0.08,
    spuriousRate: 0.05,
    typeFlipRate: 0.05,
    borderMarginPx: 6,
  },
  medium: {
    name: 'medium',
    sensorWidth: 320,
    sensorHeight: 400,
    maxRotationDeg: 30,
    maxTranslationPx: 40,
    contactOffsetSdPx: 30,
    contactSemiAxisXPx: [120, 160],
    contactSemiAxisYPx: [150, 200],
    distortionInnerRadiusPx: 50,
    distortionOuterRadiusPx: 170,
    distortionShiftPx: 8,
    distortionTwistDeg: 4,
    positionNoiseSdPx: 2.5,
    angleNoiseSdDeg: 8,
    dropoutRate: 0.15,
    spuriousRate: 0.12,
    typeFlipRate: 0.1,
    borderMarginPx: 8,
  },
  hard: {
    name: 'hard',
    sensorWidth: 288,
    sensorHeight: 384,
    maxRotationDeg: 45,
    maxTranslationPx: 50,
    contactOffsetSdPx: 35,
    contactSemiAxisXPx: [110, 150],
    contactSemiAxisYPx: [140, 190],
    distortionInnerRadiusPx: 40,
    distortionOuterRadiusPx: 160,
    distortionShiftPx: 12,
    distortionTwistDeg: 6,
    positionNoiseSdPx: 3.5,
    angleNoiseSdDeg: 11,
    dropoutRate: 0.2,
    spuriousRate: 0.2,
    typeFlipRate: 0.15,
    borderMarginPx: 10,
  },
};
