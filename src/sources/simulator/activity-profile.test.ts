import { describe, expect, it } from 'vitest';
import { MICROS_PER_DAY, MICROS_PER_MINUTE } from '../../core/time.js';
import { cryptoActivity, sessionActivity } from './activity-profile.js';

describe('activity profiles', () => {
  it('the stock U-curve averages 1 over the session and is higher near open and close than at midday', () => {
    const steps = 23_400;
    let sum = 0;
    for (let i = 0; i < steps; i++) sum += sessionActivity((i + 0.5) / steps);
    expect(sum / steps).toBeCloseTo(1, 6);
    const midday = sessionActivity(0.5);
    expect(sessionActivity(0) / midday).toBeGreaterThan(3);
    expect(sessionActivity(1) / midday).toBeGreaterThan(2.5);
    expect(midday).toBeLessThan(1);
  });

  it('crypto activity averages 1 over a week, peaks in the afternoon UTC and dips at weekends', () => {
    const monday = Date.UTC(2024, 0, 1) * 1000;
    let sum = 0;
    const minutes = 7 * 1440;
    for (let i = 0; i < minutes; i++) sum += cryptoActivity(monday + i * MICROS_PER_MINUTE);
    expect(sum / minutes).toBeCloseTo(1, 6);
    const hour = 60 * MICROS_PER_MINUTE;
    expect(cryptoActivity(monday + 15 * hour)).toBeGreaterThan(cryptoActivity(monday + 3 * hour));
    expect(cryptoActivity(monday + 5 * MICROS_PER_DAY + 15 * hour)).toBeLessThan(cryptoActivity(monday + 15 * hour));
  });
});
