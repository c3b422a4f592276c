import { DateTime, IANAZone } from 'luxon';
import { zoneNamed } from './zone';

describe('zoneNamed (IANA zone with remembered offsets)', () => {
  // zones with DST, half-hour and 45-minute offsets, a 30-minute DST shift, and Hồ Chí Minh's 1975 change
  const names = [
    'Asia/Ho_Chi_Minh',
    'America/New_York',
    'Europe/London',
    'Australia/Lord_Howe',
    'Asia/Kathmandu',
    'Asia/Kolkata',
    'America/St_Johns',
  ];
  // (Kathmandu and Kolkata have had no transition since 2018: checked as fixed offsets)

  it.each(names)('gives Intl’s offset at every instant around every transition (%s)', (name) => {
    const iana = IANAZone.create(name);
    const memo = zoneNamed(name)!;
    const DAY = 86_400_000;
    const QUARTER = 15 * 60_000;
    const from = name === 'Asia/Ho_Chi_Minh' ? Date.UTC(1974, 0, 1) : Date.UTC(2018, 0, 1);
    const to = Date.UTC(2030, 0, 1);
    let checked = 0;
    let transitions = 0;
    // a day at a time; a day whose ends differ holds a transition: check every quarter hour of
    // it at its first millisecond, its middle and its last millisecond
    for (let t = from; t < to; t += DAY) {
      if (iana.offset(t) === iana.offset(t + DAY)) {
        expect(memo.offset(t + DAY / 2)).toBe(iana.offset(t + DAY / 2));
        checked++;
        continue;
      }
      transitions++;
      for (let q = t; q < t + DAY; q += QUARTER) {
        for (const at of [q, q + QUARTER / 2, q + QUARTER - 1]) {
          expect(memo.offset(at)).toBe(iana.offset(at));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(4_000);
    if (name === 'Asia/Ho_Chi_Minh')
      expect(transitions).toBe(1); // 13/06/1975, +08:00 → +07:00
    else if (name !== 'Asia/Kathmandu' && name !== 'Asia/Kolkata') expect(transitions).toBeGreaterThanOrEqual(24);
  });

  it('builds the same local times as luxon with the zone name', () => {
    const zone = zoneNamed('America/New_York')!;
    for (const iso of ['2026-03-08T02:30', '2026-11-01T01:30', '2026-07-01T12:00']) {
      const a = DateTime.fromISO(iso, { zone });
      const b = DateTime.fromISO(iso, { zone: 'America/New_York' });
      expect(a.toMillis()).toBe(b.toMillis());
      expect(a.toISO()).toBe(b.toISO());
      expect(a.zoneName).toBe('America/New_York');
    }
  });

  it('is one shared instance per name, and null for a name that is not a zone', () => {
    expect(zoneNamed('Asia/Ho_Chi_Minh')).toBe(zoneNamed('Asia/Ho_Chi_Minh'));
    expect(zoneNamed('Mars/Olympus_Mons')).toBeNull();
  });
});
