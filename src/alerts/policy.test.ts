import { describe, expect, it } from 'vitest';
import { ReplayClock } from '../core/clock.js';
import type { Anomaly, Micros } from '../core/events.js';
import type { Emit, Operator } from '../core/operator.js';
import { operatorContract } from '../../test/contract/operator-contract.js';
import { T0, anomaly } from '../../test/server/market-events.js';
import type { Alert } from './alert.js';
import { AlertPolicy, type AlertPolicyOptions, type AlertPolicyState } from './policy.js';

const SECOND = 1_000_000;
const MINUTE = 60 * SECOND;

function setup(options: AlertPolicyOptions = {}) {
  const clock = new ReplayClock(T0);
  const policy = new AlertPolicy(options, clock);
  const alerts: Alert[] = [];
  const emit = (alert: Alert) => alerts.push(alert);
  return {
    policy,
    alerts,
    /** Offers an anomaly at clock time T0 + atMicros. */
    offer: (atMicros: number, a: Anomaly) => {
      clock.advanceTo(T0 + atMicros);
      policy.next(a, emit);
    },
    tick: (atMicros: number) => {
      clock.advanceTo(T0 + atMicros);
      policy.onTime(clock.now(), emit);
    },
  };
}

describe('AlertPolicy', () => {
  it('groups anomalies of one symbol within the window into one alert, raised when the window ends', () => {
    const { offer, tick, alerts } = setup({ groupWindowMs: 2_000 });
    offer(0, anomaly('AAPL', 1, { kind: 'volume_spike', severity: 'warning' }));
    offer(0.5 * SECOND, anomaly('AAPL', 1, { kind: 'price_spike', severity: 'critical' }));
    offer(1 * SECOND, anomaly('MSFT', 1));
    tick(1.9 * SECOND);
    expect(alerts).toEqual([]);
    tick(2 * SECOND);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      id: `alert:${anomaly('AAPL', 1, { kind: 'volume_spike' }).id}`,
      symbol: 'AAPL',
      severity: 'critical',
      kinds: ['volume_spike', 'price_spike'],
      title: '[CRITICAL] AAPL: volume_spike, price_spike',
      raisedAt: T0 + 2 * SECOND,
      suppressed: 0,
      test: false,
    });
    expect(alerts[0]?.anomalies.map((a) => a.kind)).toEqual(['volume_spike', 'price_spike']);
    tick(3 * SECOND);
    expect(alerts.map((a) => a.symbol)).toEqual(['AAPL', 'MSFT']);
  });

  it('holds back the same symbol and kind during the cooldown and reports how many in the next alert', () => {
    const { offer, tick, alerts } = setup({ groupWindowMs: 0, cooldownMs: 300_000 });
    offer(0, anomaly('AAPL', 1));
    offer(1 * MINUTE, anomaly('AAPL', 2));
    offer(2 * MINUTE, anomaly('AAPL', 3));
    offer(2 * MINUTE, anomaly('AAPL', 3, { id: 'other-kind', kind: 'price_spike' })); // another kind: not held
    offer(2 * MINUTE, anomaly('MSFT', 3)); // another symbol: not held
    tick(4 * MINUTE);
    offer(5 * MINUTE, anomaly('AAPL', 5)); // cooldown over
    expect(alerts.map((a) => `${a.symbol}:${a.kinds.join('+')}:${a.suppressed}`)).toEqual([
      'AAPL:volume_spike:0',
      'AAPL:price_spike:0',
      'MSFT:volume_spike:0',
      'AAPL:volume_spike:2',
    ]);
  });

  it('lets an escalation through a cooldown', () => {
    const { offer, alerts } = setup({ groupWindowMs: 0 });
    offer(0, anomaly('AAPL', 1, { severity: 'warning' }));
    offer(SECOND, anomaly('AAPL', 2, { severity: 'warning' }));
    offer(2 * SECOND, anomaly('AAPL', 3, { severity: 'critical' }));
    offer(3 * SECOND, anomaly('AAPL', 4, { severity: 'critical' }));
    expect(alerts.map((a) => a.severity)).toEqual(['warning', 'critical']);
  });

  it('applies per-kind cooldowns', () => {
    const { offer, alerts } = setup({
      groupWindowMs: 0,
      cooldownMs: 300_000,
      cooldownByKindMs: { price_spike: 10_000 },
    });
    offer(0, anomaly('AAPL', 1, { kind: 'price_spike' }));
    offer(11 * SECOND, anomaly('AAPL', 2, { kind: 'price_spike' }));
    offer(0, anomaly('AAPL', 1, { kind: 'volume_spike' }));
    offer(11 * SECOND, anomaly('AAPL', 2, { kind: 'volume_spike' }));
    expect(alerts.map((a) => a.kinds[0])).toEqual(['price_spike', 'price_spike', 'volume_spike']);
  });

  it('ignores anomalies below the minimum severity and the same anomaly offered twice (a replay)', () => {
    const { offer, tick, alerts } = setup({ minSeverity: 'warning', cooldownMs: 0 });
    offer(0, anomaly('AAPL', 1, { severity: 'info' }));
    offer(0, anomaly('AAPL', 2));
    tick(10 * SECOND);
    offer(20 * SECOND, anomaly('AAPL', 2));
    tick(30 * SECOND);
    expect(alerts.map((a) => a.anomalies.map((x) => x.id))).toEqual([[anomaly('AAPL', 2).id]]);
  });

  it('lists at most maxAnomaliesPerAlert and counts the rest', () => {
    const { offer, tick, alerts } = setup({ maxAnomaliesPerAlert: 3 });
    for (let i = 0; i < 5; i++) offer(0, anomaly('AAPL', i, { kind: `kind_${i}` }));
    tick(5 * SECOND);
    expect(alerts[0]?.anomalies).toHaveLength(3);
    expect(alerts[0]?.suppressed).toBe(2);
    expect(alerts[0]?.kinds).toHaveLength(5);
  });

  it('flush raises open incidents at once (shutdown)', () => {
    const { offer, policy, alerts } = setup();
    offer(0, anomaly('AAPL', 1));
    policy.flush((a) => alerts.push(a));
    expect(alerts).toHaveLength(1);
  });

  it('keeps cooldowns across snapshot → JSON → restore (a restart)', () => {
    const first = setup({ groupWindowMs: 0 });
    first.offer(0, anomaly('AAPL', 1));
    const state = JSON.parse(JSON.stringify(first.policy.snapshot())) as AlertPolicyState;
    const second = setup({ groupWindowMs: 0 });
    second.policy.restore(state);
    second.offer(MINUTE, anomaly('AAPL', 2));
    second.offer(MINUTE, anomaly('AAPL', 1)); // seen before the restart
    expect(second.alerts).toEqual([]);
    second.offer(6 * MINUTE, anomaly('AAPL', 6));
    expect(second.alerts[0]?.suppressed).toBe(1);
  });
});

/** Drives the policy's clock from the inputs (as the run loop does), so the contract suite can run it. */
class ClockedPolicy implements Operator<Anomaly, Alert, AlertPolicyState> {
  /** The driver's clock; the run loop owns it, so reset() rewinds it too. */
  private readonly clock = {
    time: 0,
    now(): Micros {
      return this.time;
    },
  };
  private readonly policy = new AlertPolicy({ groupWindowMs: 5_000, cooldownMs: 60_000 }, this.clock);
  next(input: Anomaly, emit: Emit<Alert>): void {
    this.clock.time = Math.max(this.clock.time, input.tsRecv);
    this.policy.next(input, emit);
  }
  onTime(now: Micros, emit: Emit<Alert>): void {
    this.clock.time = Math.max(this.clock.time, now);
    this.policy.onTime(now, emit);
  }
  snapshot(): AlertPolicyState {
    return this.policy.snapshot();
  }
  restore(state: AlertPolicyState): void {
    this.policy.restore(state);
  }
  reset(): void {
    this.policy.reset();
    this.clock.time = 0;
  }
}

const contractInputs: Anomaly[] = [];
for (let i = 0; i < 60; i++) {
  const symbol = ['AAPL', 'MSFT', 'BTC-USD'][i % 3] as string;
  contractInputs.push(
    anomaly(symbol, i, {
      kind: i % 4 === 0 ? 'price_spike' : 'volume_spike',
      severity: i % 7 === 0 ? 'critical' : 'warning',
      tsRecv: T0 + i * 4 * SECOND,
    }),
  );
}
operatorContract('alert policy', {
  create: () => new ClockedPolicy(),
  inputs: contractInputs,
  timers: contractInputs.map((a, i) => ({ afterInput: i, now: a.tsRecv + 2 * SECOND })),
  minOutputs: 10,
});
