import { DateTime } from 'luxon';
import { DomainError } from './domain-error';
import { dayNumber } from './calendar-day';
import { endOfLocalDay, formatInZone, localDay, localDayNumber, parseInstant } from './time';

const TZ = 'Asia/Ho_Chi_Minh';

describe('parseInstant', () => {
  it('reads ISO-8601 with an offset', () => {
    expect(parseInstant('2026-01-15T09:00:00+07:00', 'occurredAt', TZ).toISOString()).toBe('2026-01-15T02:00:00.000Z');
    expect(parseInstant('2026-01-15T02:00:00.250Z', 'occurredAt', TZ).toISOString()).toBe('2026-01-15T02:00:00.250Z');
    expect(parseInstant('2026-01-15T09:00+0700', 'occurredAt', TZ).toISOString()).toBe('2026-01-15T02:00:00.000Z');
  });

  it('reads a plain date as the end of that day in the zone', () => {
    expect(parseInstant('2026-01-15', 'completedAt', TZ).toISOString()).toBe('2026-01-15T16:59:59.999Z');
  });

  it.each(['2026-01-15T09:00:00', '2026-02-30T09:00:00+07:00', '2026-02-30', '15/01/2026', 'yesterday', '', '2026-01-15T25:00:00Z'])(
    'refuses %j naming the field',
    (input) => {
      expect(() => parseInstant(input, 'completedAt', TZ)).toThrow(DomainError);
      try {
        parseInstant(input, 'completedAt', TZ);
      } catch (error) {
        expect((error as DomainError).details[0].field).toBe('completedAt');
      }
    },
  );
});

describe('zone helpers', () => {
  const instant = new Date('2026-01-15T17:30:00.000Z'); // 00:30 on the 16th in Hanoi

  it('formats an instant with the zone offset', () => {
    expect(formatInZone(instant, TZ)).toBe('2026-01-16T00:30:00.000+07:00');
  });

  it('gives the local day in the zone, not in UTC', () => {
    expect(localDay(instant, TZ)).toBe('2026-01-16');
    expect(localDay(instant, 'UTC')).toBe('2026-01-15');
  });

  it('gives the same local day as luxon around midnights and transitions, in zones with DST and odd offsets', () => {
    const zones = [TZ, 'UTC', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'Etc/GMT+12'];
    const HOUR = 3_600_000;
    let checked = 0;
    for (const zone of zones) {
      for (let t = Date.UTC(1975, 5, 10); t < Date.UTC(1975, 5, 16); t += HOUR / 4) {
        expect(localDay(new Date(t), zone)).toBe(DateTime.fromMillis(t, { zone }).toISODate());
        expect(localDayNumber(new Date(t), zone)).toBe(dayNumber(localDay(new Date(t), zone)));
        checked++;
      }
      for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 7 * HOUR - 1) {
        for (const at of [t, t + HOUR / 2, t + HOUR - 1]) {
          expect(localDay(new Date(at), zone)).toBe(DateTime.fromMillis(at, { zone }).toISODate());
          expect(localDayNumber(new Date(at), zone)).toBe(dayNumber(localDay(new Date(at), zone)));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20_000);
    expect(localDay(new Date('0999-12-31T20:00:00Z'), TZ)).toBe('1000-01-01');
  });

  it('formats an instant as luxon does, in zones with DST, odd offsets, UTC and local mean time', () => {
    const zones = [
      TZ,
      'UTC',
      'Etc/UTC',
      'Europe/London',
      'America/New_York',
      'Australia/Lord_Howe',
      'Asia/Kathmandu',
      'Pacific/Chatham',
      'Etc/GMT+12',
    ];
    const HOUR = 3_600_000;
    let checked = 0;
    for (const zone of zones) {
      const instants = [Date.UTC(1890, 0, 1, 5, 6, 7, 8), Date.UTC(1975, 5, 12, 16, 0, 0, 1), Date.UTC(-1, 0, 1), Date.UTC(10_000, 0, 1)];
      for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 7 * HOUR - 7) instants.push(t, t + HOUR / 2 + 999);
      for (const at of instants) {
        expect(formatInZone(new Date(at), zone)).toBe(DateTime.fromMillis(at, { zone }).toISO());
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20_000);
    expect(formatInZone(new Date('2026-07-01T12:00:00Z'), 'Europe/London')).toBe('2026-07-01T13:00:00.000+01:00');
    expect(formatInZone(new Date('2026-01-15T17:30:00Z'), 'UTC')).toBe('2026-01-15T17:30:00.000Z');
    expect(formatInZone(new Date('2026-01-15T17:30:00Z'), 'America/St_Johns')).toBe('2026-01-15T14:00:00.000-03:30');
  });

  it('refuses an invalid date as a programming error', () => {
    expect(() => formatInZone(new Date(Number.NaN), TZ)).toThrow(RangeError);
    expect(() => localDay(new Date(Number.NaN), TZ)).toThrow(RangeError);
    expect(() => localDayNumber(new Date(Number.NaN), TZ)).toThrow(RangeError);
  });

  it('ends a local day at 23:59:59.999 in the zone', () => {
    expect(formatInZone(endOfLocalDay('2026-03-31', TZ), TZ)).toBe('2026-03-31T23:59:59.999+07:00');
  });

  it('refuses an unknown time zone as a configuration error', () => {
    expect(() => endOfLocalDay('2026-03-31', 'Mars/Olympus')).toThrow(RangeError);
    expect(() => formatInZone(instant, 'Mars/Olympus')).toThrow(RangeError);
  });
});
