import { IANAZone, Info, Zone, type ZoneOffsetFormat, type ZoneOffsetOptions } from 'luxon';

/** Offsets are remembered per quarter hour of UTC time: every zone transition falls on one. */
const BUCKET_MS = 15 * 60_000;
/** a bucket that holds a transition: its offsets are asked of Intl every time */
const MIXED = Number.NaN;

/**
 * An IANA zone that remembers its UTC offsets. luxon asks Intl (formatToParts) for the offset
 * of every DateTime it builds in an IANA zone; planning notices builds several per rule and
 * task, so a read-model rebuild spent most of its CPU there. Answers are Intl's own: a bucket
 * keeps one offset only when Intl gives the same at both of its ends, otherwise it is asked
 * every time.
 */
class OffsetMemoZone extends Zone {
  private readonly offsets = new Map<number, number>();

  constructor(private readonly iana: IANAZone) {
    super();
  }

  override get type(): string {
    return 'iana';
  }

  override get name(): string {
    return this.iana.name;
  }

  override get isUniversal(): boolean {
    return false;
  }

  override get isValid(): boolean {
    return this.iana.isValid;
  }

  override offsetName(ts: number, options: ZoneOffsetOptions): string {
    return this.iana.offsetName(ts, options) as string;
  }

  override formatOffset(ts: number, format: ZoneOffsetFormat): string {
    return this.iana.formatOffset(ts, format) as string;
  }

  override offset(ts: number): number {
    const bucket = Math.floor(ts / BUCKET_MS);
    let offset = this.offsets.get(bucket);
    if (offset === undefined) {
      const start = this.iana.offset(bucket * BUCKET_MS);
      offset = start === this.iana.offset((bucket + 1) * BUCKET_MS - 1) ? start : MIXED;
      this.offsets.set(bucket, offset);
    }
    return Number.isNaN(offset) ? this.iana.offset(ts) : offset;
  }

  override equals(other: Zone): boolean {
    return other.type === 'iana' && other.name === this.name;
  }
}

const zones = new Map<string, Zone | null>();

/**
 * The luxon zone to build DateTimes in for an IANA name (one shared instance per name), or null
 * when the name is not a zone.
 */
export function zoneNamed(timeZone: string): Zone | null {
  let zone = zones.get(timeZone);
  if (zone === undefined) {
    // luxon reads some names as fixed offsets (UTC, Etc/GMT+7 stays IANA): those need no memo
    const normalized = Info.normalizeZone(timeZone);
    if (!normalized.isValid) zone = null;
    else zone = normalized instanceof IANAZone ? new OffsetMemoZone(normalized) : normalized;
    zones.set(timeZone, zone);
  }
  return zone;
}
