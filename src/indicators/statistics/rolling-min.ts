/** Rolling minimum of the last `period` values (TTR `runMin`): monotonic deque, O(1) amortised. */
import { param, periodParam } from '../support/params.js';
import { onClose } from '../support/bar-input.js';
import type { IndicatorSpec } from '../types.js';
import { RollingExtreme } from './rolling-extreme.js';

export class RollingMin extends RollingExtreme {
  constructor(period: number) {
    super(period, 'min');
  }
}

export const rollingMinSpec: IndicatorSpec = {
  name: 'min',
  family: 'statistics',
  description: 'Rolling minimum of the close',
  params: [periodParam('period', 20)],
  outputs: [],
  ttr: 'runMin',
  create: (params) => onClose(new RollingMin(param(params, 0))),
};
