import { uuidV7 } from './uuid-v7';

describe('uuidV7', () => {
  it('is a version 7, variant 1 uuid', () => {
    expect(uuidV7()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('sorts by the millisecond it was made in', () => {
    const earlier = uuidV7(Date.parse('2026-01-01T00:00:00.000Z'));
    const later = uuidV7(Date.parse('2026-01-01T00:00:00.001Z'));
    expect(earlier < later).toBe(true);
    expect(earlier.slice(0, 13)).toBe('019b76da-a800');
  });

  it('differs between calls in the same millisecond', () => {
    const at = Date.now();
    expect(new Set(Array.from({ length: 1000 }, () => uuidV7(at))).size).toBe(1000);
  });
});
