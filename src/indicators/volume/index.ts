/** The volume family: volume-weighted flows, cumulative lines, VWAP and the volume profile. */
import type { IndicatorSpec } from '../types.js';
import { accumulationDistributionSpec } from './accumulation-distribution.js';
import { chaikinMoneyFlowSpec } from './chaikin-money-flow.js';
import { chaikinOscillatorSpec } from './chaikin-oscillator.js';
import { easeOfMovementSpec } from './ease-of-movement.js';
import { forceIndexSpec } from './force-index.js';
import { moneyFlowIndexSpec } from './money-flow-index.js';
import { obvSpec } from './obv.js';
import { volumeProfileSpec } from './volume-profile.js';
import { vwapSpec } from './vwap.js';
import { williamsADSpec } from './williams-ad.js';

export { AccumulationDistribution } from './accumulation-distribution.js';
export { ChaikinMoneyFlow } from './chaikin-money-flow.js';
export type { ChaikinMoneyFlowState } from './chaikin-money-flow.js';
export { ChaikinOscillator } from './chaikin-oscillator.js';
export type { ChaikinOscillatorState } from './chaikin-oscillator.js';
export { closeLocationValue } from './close-location-value.js';
export { EaseOfMovement } from './ease-of-movement.js';
export type { EaseOfMovementState } from './ease-of-movement.js';
export { ForceIndex } from './force-index.js';
export type { ForceIndexState } from './force-index.js';
export type { HighLowVolume } from './high-low-volume.js';
export { MoneyFlowIndex } from './money-flow-index.js';
export type { MoneyFlowIndexState } from './money-flow-index.js';
export { OBV } from './obv.js';
export type { OBVState } from './obv.js';
export { sessionAnchor, utcDayAnchor } from './session-anchor.js';
export type { SessionAnchor } from './session-anchor.js';
export { VolumeProfile } from './volume-profile.js';
export type { VolumeProfileState, VolumeProfileValue } from './volume-profile.js';
export { VWAP } from './vwap.js';
export type { VWAPInput, VWAPState } from './vwap.js';
export { WilliamsAD } from './williams-ad.js';
export type { WilliamsADState } from './williams-ad.js';

export const catalog: IndicatorSpec[] = [
  obvSpec,
  accumulationDistributionSpec,
  chaikinMoneyFlowSpec,
  chaikinOscillatorSpec,
  moneyFlowIndexSpec,
  forceIndexSpec,
  easeOfMovementSpec,
  williamsADSpec,
  vwapSpec,
  volumeProfileSpec,
];
