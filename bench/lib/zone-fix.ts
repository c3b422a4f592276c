import { IANAZone } from 'luxon';

/**
 * Sizes the gain of the proposed libs/domain change (a time zone whose UTC offset never changes,
 * like Asia/Ho_Chi_Minh since 1975, handled as a fixed offset instead of asking Intl for every
 * DateTime): memoises luxon's IANAZone.offset per zone and UTC hour. Same results (offsets
 * only change on whole hours in the zones we use); installed only around a measured run.
 */
export function installZoneOffsetCache(): () => void {
  const proto = IANAZone.prototype as unknown as { offset(ts: number): number; name: string };
  const original = proto.offset;
  const cache = new Map<string, number>();
  proto.offset = function (this: { name: string }, ts: number): number {
    const key = `${this.name}|${Math.floor(ts / 3_600_000)}`;
    let value = cache.get(key);
    if (value === undefined) {
      value = original.call(this, ts);
      cache.set(key, value);
    }
    return value;
  };
  return () => {
    proto.offset = original;
  };
}
