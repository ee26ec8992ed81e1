import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { easternDateOf, easternWallToMicros, nextEasternMidnight } from './eastern-time.js';

/** Independent oracle: the IANA zone through Intl (ICU's tz database). */
const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/New_York',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
function wallOf(ms: number): string {
  const parts = Object.fromEntries(formatter.formatToParts(ms).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

describe('easternWallToMicros', () => {
  it('applies EST in winter and EDT in summer', () => {
    expect(easternWallToMicros('2024-01-08 09:30:00')).toBe(Date.UTC(2024, 0, 8, 14, 30) * 1000);
    expect(easternWallToMicros('2024-07-08 09:30:00')).toBe(Date.UTC(2024, 6, 8, 13, 30) * 1000);
    expect(easternWallToMicros('2024-07-08')).toBe(Date.UTC(2024, 6, 8, 4) * 1000);
    expect(easternWallToMicros('2024-07-08 19:55')).toBe(Date.UTC(2024, 6, 8, 23, 55) * 1000);
  });

  it('switches on the right days: 2024-03-10 and 2024-11-03; 2006-04-02 and 2006-10-29 (old rule)', () => {
    expect(easternWallToMicros('2024-03-10 01:59:59')).toBe(Date.UTC(2024, 2, 10, 6, 59, 59) * 1000);
    expect(easternWallToMicros('2024-03-10 03:00:00')).toBe(Date.UTC(2024, 2, 10, 7, 0, 0) * 1000);
    expect(easternWallToMicros('2024-11-03 00:59:59')).toBe(Date.UTC(2024, 10, 3, 4, 59, 59) * 1000);
    expect(easternWallToMicros('2024-11-03 02:00:00')).toBe(Date.UTC(2024, 10, 3, 7, 0, 0) * 1000);
    expect(easternWallToMicros('2006-03-20 12:00:00')).toBe(Date.UTC(2006, 2, 20, 17) * 1000); // EST under the old rule
    expect(easternWallToMicros('2006-04-02 03:00:00')).toBe(Date.UTC(2006, 3, 2, 7) * 1000);
    expect(easternWallToMicros('2006-10-29 02:00:00')).toBe(Date.UTC(2006, 9, 29, 7) * 1000);
  });

  it('rejects malformed text', () => {
    for (const bad of [
      '',
      '2024-13-01',
      '2024-02-30 10:00:00',
      '2024-01-08 24:00:00',
      '2024/01/08',
      '2024-01-08 9:30:00',
    ]) {
      expect(easternWallToMicros(bad)).toBeNaN();
    }
  });

  it('property: agrees with Intl (America/New_York) for every instant 1990–2035 outside the repeated fall-back hour', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1) / 1000, max: Date.UTC(2035, 0, 1) / 1000 }), (seconds) => {
        const wall = wallOf(seconds * 1000);
        // The repeated hour maps to two instants; the helper documents that it picks the first.
        const hourLater = wallOf((seconds + 3600) * 1000);
        const hourEarlier = wallOf((seconds - 3600) * 1000);
        if (hourLater.slice(11, 13) === wall.slice(11, 13) || hourEarlier.slice(11, 13) === wall.slice(11, 13)) return;
        expect(easternWallToMicros(wall)).toBe(seconds * 1_000_000);
        expect(easternDateOf(seconds * 1_000_000).date).toBe(wall.slice(0, 10));
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('nextEasternMidnight', () => {
  it('is the midnight that ends the New York day, 23 h or 25 h after its start on the switch days', () => {
    const hour = 3_600_000_000;
    for (const [day, next, hours] of [
      ['2024-03-09', '2024-03-10', 24],
      ['2024-03-10', '2024-03-11', 23],
      ['2024-11-03', '2024-11-04', 25],
      ['2024-12-31', '2025-01-01', 24],
    ] as const) {
      const start = easternWallToMicros(day);
      const end = easternWallToMicros(next);
      expect(end - start).toBe(hours * hour);
      // From the midnight itself and from the day's last minute alike.
      expect(nextEasternMidnight(start)).toBe(end);
      expect(nextEasternMidnight(end - 60_000_000)).toBe(end);
    }
  });
});
