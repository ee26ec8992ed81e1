import { detectorContract, labelBars, simulateStream } from '../../test/contract/detector-contract.js';
import { validateConfig } from '../config/load.js';
import type { BarDetector } from '../detectors/index.js';
import { detectorSetups } from '../runtime/pipeline-options.js';

// The pipeline's default ensemble as `run` builds it (five members, one of them renamed, Pareto
// tails, harmonic combination) through the detector conformance suite, on a simulated week of
// AAPL with short anomalies and liquidity droughts. (Stale feeds leave no bars to label, and
// volatility regimes of 1–3 hours three times a day fill most of a session: the calm between them
// becomes the unusual state, so a per-bar AUC says little there; `tickwatch eval` scores them.)
const setup = detectorSetups(validateConfig({}, 'defaults')).find((s) => s.create().name === 'ensemble');
if (setup === undefined) throw new Error('the default configuration has no ensemble');
const create = (): BarDetector => setup.create();

const simulated = simulateStream({
  seed: 'default-ensemble',
  kinds: ['volume_spike', 'price_jump', 'flash_crash', 'liquidity_drought'],
  days: 5,
  anomaliesPerSymbolDay: 3,
});
const bars = simulated.bars.get('AAPL') ?? [];

detectorContract('default pipeline ensemble', {
  create,
  stream: bars,
  labels: labelBars(bars, simulated.labels),
  minAuc: 0.9,
});
