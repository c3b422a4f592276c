import { ReportCache } from './report-cache';

const at = (iso: string) => new Date(iso);

describe('report cache', () => {
  const counter = () => {
    let calls = 0;
    const compute =
      (value: string, validUntil = '2026-01-06T00:00:00+07:00') =>
      async () => {
        calls += 1;
        return { value: `${value}#${calls}`, validUntil: at(validUntil) };
      };
    return { compute, calls: () => calls };
  };

  it('serves the same figures again while the read models and the time window hold', async () => {
    const cache = new ReportCache();
    const c = counter();
    expect(await cache.get('k', 'cp1', at('2026-01-05T09:00:00+07:00'), c.compute('a'))).toBe('a#1');
    expect(await cache.get('k', 'cp1', at('2026-01-05T18:00:00+07:00'), c.compute('a'))).toBe('a#1');
    expect(c.calls()).toBe(1);
  });

  it('computes again when the read models moved', async () => {
    const cache = new ReportCache();
    const c = counter();
    await cache.get('k', 'cp1', at('2026-01-05T09:00:00+07:00'), c.compute('a'));
    expect(await cache.get('k', 'cp2', at('2026-01-05T09:00:01+07:00'), c.compute('a'))).toBe('a#2');
  });

  it('computes again once time passes the instant the figures were valid until, or goes back before they were computed', async () => {
    const cache = new ReportCache();
    const c = counter();
    await cache.get('k', 'cp1', at('2026-01-05T09:00:00+07:00'), c.compute('a'));
    expect(await cache.get('k', 'cp1', at('2026-01-06T00:00:00+07:00'), c.compute('a'))).toBe('a#2');
    expect(await cache.get('k', 'cp1', at('2026-01-05T08:00:00+07:00'), c.compute('a'))).toBe('a#3');
  });

  it('keeps figures apart by key', async () => {
    const cache = new ReportCache();
    const c = counter();
    expect(await cache.get('x', 'cp1', at('2026-01-05T09:00:00+07:00'), c.compute('x'))).toBe('x#1');
    expect(await cache.get('y', 'cp1', at('2026-01-05T09:00:00+07:00'), c.compute('y'))).toBe('y#2');
    expect(await cache.get('x', 'cp1', at('2026-01-05T09:00:00+07:00'), c.compute('x'))).toBe('x#1');
  });

  it('lets concurrent requests share one computation', async () => {
    const cache = new ReportCache();
    let release!: () => void;
    let calls = 0;
    const slow = async () => {
      calls += 1;
      await new Promise<void>((r) => (release = r));
      return { value: 'v', validUntil: at('2026-01-06T00:00:00+07:00') };
    };
    const first = cache.get('k', 'cp1', at('2026-01-05T09:00:00+07:00'), slow);
    const second = cache.get('k', 'cp1', at('2026-01-05T09:00:00.005+07:00'), slow);
    await Promise.resolve();
    release();
    expect(await Promise.all([first, second])).toEqual(['v', 'v']);
    expect(calls).toBe(1);
  });

  it('does not keep a failed computation', async () => {
    const cache = new ReportCache();
    await expect(cache.get('k', 'cp1', at('2026-01-05T09:00:00+07:00'), async () => Promise.reject(new Error('down')))).rejects.toThrow(
      'down',
    );
    const c = counter();
    expect(await cache.get('k', 'cp1', at('2026-01-05T09:00:00+07:00'), c.compute('a'))).toBe('a#1');
  });

  it('holds a bounded number of entries, dropping the least recently used', async () => {
    const cache = new ReportCache(2);
    const c = counter();
    const now = at('2026-01-05T09:00:00+07:00');
    await cache.get('a', 'cp', now, c.compute('a'));
    await cache.get('b', 'cp', now, c.compute('b'));
    await cache.get('a', 'cp', now, c.compute('a')); // a is now the most recent
    await cache.get('c', 'cp', now, c.compute('c')); // drops b
    expect(await cache.get('a', 'cp', now, c.compute('a'))).toBe('a#1');
    expect(await cache.get('b', 'cp', now, c.compute('b'))).toBe('b#4');
  });
});
