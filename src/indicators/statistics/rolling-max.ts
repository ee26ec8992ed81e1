/** Rolling maximum of the last `period` values (TTR `runMax`): monotonic deque, O(1) amortised. */
import { param, periodParam } from '../support/params.js';
import { onClose } from '../support/bar-input.js';
import type { IndicatorSpec } from '../types.js';
import { RollingExtreme } from './rolling-extreme.js';

export class RollingMax extends RollingExtreme {
  constructor(period: number) {
    super(period, 'max');
  }
}

export const rollingMaxSpec: IndicatorSpec = {
  name: 'max',
  family: 'statistics',
  description: 'Rolling maximum of the close',
  params: [periodParam('period', 20)],
  outputs: [],
  ttr: 'runMax',
  create: (params) => onClose(new RollingMax(param(params, 0))),
};
