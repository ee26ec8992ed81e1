/**
 * Oscillators bounded to a range are quoted in percent by charting platforms (Stochastic 0–100,
 * Williams %R −100–0) and as fractions by TTR (0–1). tickwatch defaults to the percent
 * convention traders read on their charts; `scale: 'fraction'` gives TTR's.
 */
export type OscillatorScale = 'percent' | 'fraction';

export function scaleFactor(scale: OscillatorScale | undefined): number {
  return scale === 'fraction' ? 1 : 100;
}
