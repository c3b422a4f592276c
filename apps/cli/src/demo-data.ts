import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { DEFAULT_TIME_ZONE, WorkingDays, addDays, daysBetween, formatInZone, localDay, resolveDeadline } from '@app/domain';
import { configPath } from '@app/platform';
import { ImportInput, deadlineValue, recordsFromObjects } from '@app/platform/import';

/**
 * The demo data set (`npm run demo`, docs/demo.md), built relative to the clock at demo start:
 * - config/demo/agencies.json: the 56 agencies (22 central, 34 provinces and cities);
 * - config/demo/tasks.json: tasks worded from the Government reports (../shared/seeds), with
 *   their real lead agencies and deadline expressions; those whose deadline has passed are
 *   completed (on time or late) or left overdue, by a seeded draw unless the file pins it;
 * - DEMO-01..12: tasks placed around today so reminders and escalations fire within minutes
 *   (due today, in 3 and 7 working days, overdue by 1 working day, 7 and 30 days, one extended,
 *   one just completed);
 * - generated tasks (seeded PRNG: the same data for the same day) so the totals resemble the
 *   figures published on 23/09/2025 (config/demo/settings.json "targets").
 * Everything is plain import rows: it is loaded through the import core like any file.
 */

export interface DemoOptions {
  now: Date;
  calendar: WorkingDays;
  timeZone?: string;
  /** the PRNG seed (default 20250923, the day the figures were published) */
  seed?: number;
  /** folder with agencies.json, tasks.json, settings.json (default config/demo) */
  dir?: string;
}

export interface DemoTargets {
  total: number;
  completedOnTime: number;
  completedLate: number;
  overdue: number;
  ongoing: number;
  dueSoon: number;
  bySource: Record<string, number>;
}

export type DemoBucket = 'completedOnTime' | 'completedLate' | 'overdue' | 'ongoing' | 'dueSoon' | 'onTrack';

export interface DemoData {
  agencies: Record<string, unknown>[];
  tasks: Record<string, unknown>[];
  coordinators: string[];
  /** how many tasks the builder put in each bucket (their status at `now`) */
  buckets: Record<DemoBucket, number>;
  /** codes of the tasks placed around today */
  aroundToday: string[];
}

type Row = Record<string, unknown>;

interface AgencyRow {
  code: string;
  name: string;
  kind: 'ministry' | 'province' | 'agency';
}

const DAY_MS = 86_400_000;

export function demoDir(): string {
  return configPath('demo');
}

/** mulberry32: a small seeded PRNG, so the same day gives the same data set */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)],
    chance: (p: number) => next() < p,
  };
}
type Rng = ReturnType<typeof prng>;

export function buildDemoData(options: DemoOptions): DemoData {
  const tz = options.timeZone ?? DEFAULT_TIME_ZONE;
  const dir = options.dir ?? demoDir();
  const { now, calendar } = options;
  const rng = prng(options.seed ?? 20250923);
  const read = (file: string) => JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as Record<string, unknown>;
  const agencies = (read('agencies.json').agencies as Row[]).map((a) => ({ ...a }));
  const handWritten = read('tasks.json').tasks as Row[];
  const settings = read('settings.json') as { coordinators: string[]; targets: DemoTargets };
  const targets = settings.targets;
  const today = localDay(now, tz);
  const at = (day: string, time: string) => DateTime.fromISO(`${day}T${time}`, { zone: tz }).toJSDate();
  const iso = (date: Date) => formatInZone(date, tz);
  const dues = new Map<string, string | null>(); // resolving a deadline costs about a millisecond (time zone arithmetic)
  const dueOf = (expression: string): Date | null => {
    if (!dues.has(expression)) dues.set(expression, resolveDeadline(deadlineValue(expression) as string, calendar, tz).due);
    const due = dues.get(expression) as string | null;
    return due === null ? null : new Date(due);
  };
  const dmy = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
  const earlier = (a: Date, b: Date) => (a.getTime() < b.getTime() ? a : b);
  const people = peoplePool(rng);
  const agencyList: AgencyRow[] = agencies.map((a) => ({
    code: a.code as string,
    name: a.name as string,
    kind: a.kind as AgencyRow['kind'],
  }));
  const byCode = new Map(agencyList.map((a) => [a.code, a]));
  const assignee = (code: string) => {
    const p = people();
    return { name: p.name, email: `${p.slug}@${code.toLowerCase()}.example.org` };
  };

  const buckets: Record<DemoBucket, number> = { completedOnTime: 0, completedLate: 0, overdue: 0, ongoing: 0, dueSoon: 0, onTrack: 0 };
  const open = (due: Date | null): DemoBucket => {
    if (due === null) return 'ongoing';
    if (due.getTime() < now.getTime()) return 'overdue';
    return daysBetween(today, localDay(due, tz)) <= 7 ? 'dueSoon' : 'onTrack';
  };
  const tasks: Row[] = [];
  const push = (row: Row, bucket: DemoBucket) => {
    // Some tasks lack an officer (the "6 rõ" gaps the reports complain about), but not those
    // whose reminders fire now: a demo's first emails should reach someone.
    if (!row.assignee && (bucket === 'overdue' || bucket === 'dueSoon' || (bucket === 'onTrack' && dueSoonish(row)))) {
      row.assignee = assignee(row.leadAgency as string);
    }
    tasks.push(row);
    buckets[bucket]++;
  };
  const dueSoonish = (row: Row) => {
    const due = dueOf(((row.extension as Row | undefined)?.newDeadline ?? row.deadline) as string);
    return due !== null && due.getTime() - now.getTime() < 30 * DAY_MS;
  };

  /** a completion between the assignment and the due instant (on time) or after it (late); null when it cannot be placed */
  const completion = (assignedAt: Date, due: Date, late: boolean): Date | null => {
    if (!late) {
      const first = localDay(new Date(assignedAt.getTime() + DAY_MS), tz);
      const last = localDay(earlier(due, now), tz);
      if (first > last) return null;
      const span = daysBetween(first, last);
      const day = addDays(last, -rng.int(0, Math.min(span, 45)));
      const when = at(day, `${String(rng.int(9, 16)).padStart(2, '0')}:${rng.pick(['00', '15', '30', '45'])}`);
      return when.getTime() > assignedAt.getTime() && when.getTime() <= due.getTime() && when.getTime() <= now.getTime() ? when : null;
    }
    const room = Math.floor((now.getTime() - due.getTime()) / DAY_MS) - 1;
    if (room < 1) return null;
    const when = at(addDays(localDay(due, tz), rng.int(1, Math.min(room, 60))), `${String(rng.int(9, 16)).padStart(2, '0')}:30`);
    return when.getTime() > due.getTime() && when.getTime() < now.getTime() ? when : null;
  };

  // 1. the hand-written tasks: as written; completed or left overdue once their deadline passed
  for (const source of handWritten) {
    const { _demo, ...row } = source as Row & { _demo?: { outcome?: string } };
    const assignedAt = new Date(row.assignedAt as string);
    if (assignedAt.getTime() > now.getTime()) continue; // a clock set before the directive: not yet assigned
    if (!row.assignee && rng.chance(0.85)) row.assignee = assignee(row.leadAgency as string);
    const due = dueOf(row.deadline as string);
    if (due === null || due.getTime() >= now.getTime()) {
      push(row, open(due));
      continue;
    }
    const outcome = _demo?.outcome ?? (rng.chance(0.62) ? 'on_time' : rng.chance(0.66) ? 'late' : 'overdue');
    const completedAt = outcome === 'overdue' ? null : completion(assignedAt, due, outcome === 'late');
    if (completedAt === null) {
      push(row, 'overdue');
      continue;
    }
    row.completion = { completedAt: iso(completedAt), deliverableRef: row.deliverable ? `Báo cáo hoàn thành ${row.code}` : null };
    push(row, outcome === 'late' ? 'completedLate' : 'completedOnTime');
  }

  // 2. around today: reminders and escalations that fire at once
  const aroundToday = aroundTodayTasks(today, now, calendar, at, iso, assignee);
  for (const [row, bucket] of aroundToday) push(row, bucket);

  // 3. generated tasks, so the totals resemble the published figures
  const want: Record<DemoBucket, number> = {
    completedOnTime: Math.max(0, targets.completedOnTime - buckets.completedOnTime),
    completedLate: Math.max(0, targets.completedLate - buckets.completedLate),
    overdue: Math.max(0, targets.overdue - buckets.overdue),
    ongoing: Math.max(0, targets.ongoing - buckets.ongoing),
    dueSoon: Math.max(0, targets.dueSoon - buckets.dueSoon),
    onTrack: 0,
  };
  const fixed = tasks.length;
  const generatedCount = Math.max(0, targets.total - fixed);
  want.onTrack = Math.max(0, generatedCount - (want.completedOnTime + want.completedLate + want.overdue + want.ongoing + want.dueSoon));
  const plan: DemoBucket[] = (Object.keys(want) as DemoBucket[]).flatMap((b) => Array<DemoBucket>(want[b]).fill(b));
  shuffle(plan, rng);

  const slots = sourceSlots(targets, generatedCount, handWritten);
  const leads = leadSequence(agencyList, generatedCount, rng);
  const floor = at('2025-01-06', '08:30');
  plan.slice(0, generatedCount).forEach((bucket, i) => {
    const slot = slots[i];
    const lead = byCode.get(leads[i]) as AgencyRow;
    const row: Row = {
      code: slot.code,
      title: titleFor(lead, rng),
      source: slot.source,
      leadAgency: lead.code,
    };
    if (rng.chance(0.3)) row.coordinatingAgencies = coordinatingFor(lead.code, agencyList, rng);
    if (rng.chance(0.85)) row.assignee = assignee(lead.code);
    if (rng.chance(0.75)) row.deliverable = rng.pick(DELIVERABLES);
    if (rng.chance(0.6))
      row.approver =
        lead.kind === 'province' ? 'Chủ tịch Ủy ban nhân dân' : rng.pick(['Thủ tướng Chính phủ', 'Phó Thủ tướng Chính phủ', 'Bộ trưởng']);
    const p = rng.next();
    if (p < 0.05) row.priority = 'critical';
    else if (p < 0.3) row.priority = 'high';

    const assigned = (dueDay: string): Date => {
      if (slot.assignedAt) return slot.assignedAt;
      const back = rng.int(20, 200);
      const day = addDays(dueDay, -back);
      const when = at(day < '2025-01-06' ? '2025-01-06' : day, '08:30');
      return earlier(when, new Date(now.getTime() - DAY_MS));
    };
    const minDue = (assignedAt: Date) => localDay(new Date(Math.max(assignedAt.getTime(), floor.getTime()) + 15 * DAY_MS), tz);

    if (bucket === 'ongoing') {
      row.deadline = rng.chance(0.5) ? 'nhiệm vụ thường xuyên' : 'thường xuyên';
      row.assignedAt = iso(assigned(addDays(today, -rng.int(0, 120))));
      push(row, 'ongoing');
      return;
    }
    if (bucket === 'dueSoon' || bucket === 'onTrack') {
      const dueDay = bucket === 'dueSoon' ? addDays(today, rng.int(1, 6)) : addDays(today, rng.int(10, 400));
      const assignedAt = assigned(dueDay);
      row.assignedAt = iso(assignedAt);
      row.deadline =
        bucket === 'dueSoon'
          ? dmy(calendar.onOrNextWorkingDay(dueDay))
          : expressionFor(dueDay, rng, (e) => {
              const d = dueOf(e);
              return d !== null && daysBetween(today, localDay(d, tz)) > 7;
            });
      if (bucket === 'onTrack' && rng.chance(0.06)) {
        // extended once already: the original deadline was earlier
        const original = addDays(dueDay, -rng.int(30, 90));
        if (
          original > localDay(new Date(assignedAt.getTime() + 10 * DAY_MS), tz) &&
          dueOf(dmy(original))!.getTime() > assignedAt.getTime()
        ) {
          row.extension = {
            newDeadline: row.deadline,
            reason: rng.pick(EXTENSION_REASONS),
            decisionRef: `${rng.int(1000, 9999)}/VPCP-DEMO`,
            extendedAt: iso(earlier(new Date(assignedAt.getTime() + 7 * DAY_MS), now)),
          };
          row.deadline = dmy(original);
        }
      }
      const inForce = (row.extension as Row | undefined)?.newDeadline ?? row.deadline;
      push(row, open(dueOf(inForce as string)));
      return;
    }
    // completed or overdue: a deadline in the past
    for (let attempt = 0; attempt < 20; attempt++) {
      const lastDue = bucket === 'overdue' ? addDays(today, -2) : addDays(today, -5);
      const firstDue = bucket === 'overdue' ? addDays(today, -150) : addDays(today, -420);
      const dueDay = addDays(lastDue, -rng.int(0, Math.max(0, daysBetween(firstDue, lastDue))));
      const assignedAt = assigned(dueDay);
      if (dueDay < minDue(assignedAt)) continue;
      const deadline = expressionFor(dueDay, rng, (e) => {
        const d = dueOf(e);
        return d !== null && d.getTime() < now.getTime() - DAY_MS && localDay(d, tz) >= minDue(assignedAt);
      });
      const due = dueOf(deadline) as Date;
      row.assignedAt = iso(assignedAt);
      row.deadline = deadline;
      if (bucket === 'overdue') {
        push(row, 'overdue');
        return;
      }
      const completedAt = completion(assignedAt, due, bucket === 'completedLate');
      if (completedAt === null) continue;
      row.completion = {
        completedAt: iso(completedAt),
        ...(rng.chance(0.7) ? { deliverableRef: `${rng.int(10, 999)}/BC-${lead.code}` } : {}),
      };
      push(row, bucket);
      return;
    }
    // no room in the past for this one (a clock set very early): leave it on track
    row.assignedAt = iso(new Date(now.getTime() - 2 * DAY_MS));
    row.deadline = dmy(addDays(today, 60));
    push(row, 'onTrack');
  });

  return { agencies, tasks, coordinators: settings.coordinators, buckets, aroundToday: aroundToday.map(([r]) => r.code as string) };
}

/** The demo rows as import input (one code path with files). */
export function demoImportInput(data: DemoData): ImportInput {
  const input = recordsFromObjects(data.agencies, 'agency');
  recordsFromObjects(data.tasks, 'task', input);
  return input;
}

/** DEMO-01..12: tasks whose reminders and escalations are due now. */
function aroundTodayTasks(
  today: string,
  now: Date,
  calendar: WorkingDays,
  at: (day: string, time: string) => Date,
  iso: (d: Date) => string,
  assignee: (code: string) => { name: string; email: string },
): [Row, DemoBucket][] {
  const dmy = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
  const workingOnOrBefore = (day: string) => {
    let d = day;
    while (!calendar.isWorkingDay(d)) d = addDays(d, -1);
    return d;
  };
  const source = { kind: 'conclusion', ref: 'TBKL-BCĐTW', issuedOn: null };
  const assignedAt = (daysAgo: number) => iso(earlier(at(addDays(today, -daysAgo), '08:30'), new Date(now.getTime() - 60_000)));
  const row = (code: string, lead: string, title: string, deadline: string, daysAgo: number, extra: Row = {}): Row => ({
    code,
    title,
    source,
    leadAgency: lead,
    assignee: assignee(lead),
    deliverable: 'Báo cáo kết quả thực hiện gửi Văn phòng Chính phủ',
    approver: 'Thủ tướng Chính phủ',
    deadline,
    priority: 'high',
    assignedAt: assignedAt(daysAgo),
    ...extra,
  });
  const dueToday = dmy(calendar.onOrNextWorkingDay(today));
  const in3 = dmy(calendar.addWorkingDays(today, 3));
  const in7 = dmy(calendar.addWorkingDays(today, 7));
  const late1 = dmy(calendar.addWorkingDays(calendar.onOrNextWorkingDay(today), -1));
  const late7 = dmy(workingOnOrBefore(addDays(today, -7)));
  const late30 = dmy(workingOnOrBefore(addDays(today, -30)));
  const completedAt = new Date(now.getTime() - 30 * 60_000);
  return [
    [
      row(
        'DEMO-01',
        'BCA',
        'Hoàn thành kết nối, chia sẻ dữ liệu giữa Cơ sở dữ liệu quốc gia về dân cư với các cơ sở dữ liệu chuyên ngành phục vụ cắt giảm thủ tục hành chính',
        dueToday,
        30,
      ),
      'dueSoon',
    ],
    [
      row(
        'DEMO-02',
        'HANOI',
        'Bảo đảm vận hành thông suốt Hệ thống thông tin giải quyết thủ tục hành chính của thành phố, không để quá tải, gián đoạn',
        dueToday,
        25,
      ),
      'dueSoon',
    ],
    [
      row(
        'DEMO-03',
        'BKHCN',
        'Báo cáo Ban Chỉ đạo kết quả triển khai công cụ đo lường, theo dõi, đánh giá (KPI) việc thực hiện nhiệm vụ của các bộ, ngành, địa phương theo thời gian thực',
        in3,
        30,
      ),
      'dueSoon',
    ],
    [
      row(
        'DEMO-04',
        'HCM',
        'Đẩy mạnh phong trào "Bình dân học vụ số", phát huy vai trò Tổ công nghệ số cộng đồng "đi từng ngõ, gõ từng nhà, rà từng người"',
        in3,
        40,
      ),
      'dueSoon',
    ],
    [
      row(
        'DEMO-05',
        'BYT',
        'Kết nối dữ liệu khám bệnh, chữa bệnh của các cơ sở y tế với hồ sơ sức khỏe điện tử trên ứng dụng VNeID',
        in7,
        30,
      ),
      'onTrack',
    ],
    [row('DEMO-06', 'BTC', 'Hoàn thành làm sạch dữ liệu thuế, hóa đơn điện tử bảo đảm "đúng, đủ, sạch, sống"', late1, 45), 'overdue'],
    [row('DEMO-07', 'DANANG', 'Bố trí đủ nhân lực chuyển đổi số cho các xã, phường, đặc khu trên địa bàn thành phố', late1, 45), 'overdue'],
    [
      row(
        'DEMO-08',
        'BGDDT',
        'Hướng dẫn các địa phương số hóa bằng cấp, chứng chỉ và kết nối với cơ sở dữ liệu quản lý văn bằng, chứng chỉ',
        late7,
        50,
      ),
      'overdue',
    ],
    [
      row(
        'DEMO-09',
        'NGHEAN',
        'Mua sắm trang thiết bị đầu cuối cho các xã còn thiếu phục vụ giải quyết thủ tục hành chính, dịch vụ công trực tuyến',
        late7,
        50,
      ),
      'overdue',
    ],
    [
      row(
        'DEMO-10',
        'BNV',
        'Tham mưu bố trí đủ nhân sự, biên chế cho các bộ, ngành, địa phương thực hiện công tác chuyển đổi số',
        late30,
        75,
      ),
      'overdue',
    ],
    [
      row(
        'DEMO-11',
        'BXD',
        'Hướng dẫn 6 thành phố trực thuộc Trung ương hoàn thiện Đề án Đô thị thông minh',
        dmy(workingOnOrBefore(addDays(today, -2))),
        40,
        {
          extension: {
            newDeadline: in3,
            reason: 'Chờ ý kiến thẩm định của Bộ Tư pháp',
            decisionRef: '12/VPCP-DEMO',
            extendedAt: iso(earlier(at(addDays(today, -3), '10:00'), new Date(now.getTime() - 60_000))),
          },
        },
      ),
      'dueSoon',
    ],
    [
      row(
        'DEMO-12',
        'LAOCAI',
        'Báo cáo kết quả thực hiện 16 tiêu chí chuyển đổi số cấp xã trên địa bàn tỉnh',
        dmy(calendar.addWorkingDays(today, 2)),
        20,
        {
          completion: { completedAt: iso(completedAt), deliverableRef: 'Báo cáo số 45/BC-UBND' },
        },
      ),
      'completedOnTime',
    ],
  ];

  function earlier(a: Date, b: Date) {
    return a.getTime() < b.getTime() ? a : b;
  }
}

/** Codes and sources of the generated tasks: 71/NQ-CP and 02-KH/BCĐTW to their published totals, the rest conclusions. */
function sourceSlots(targets: DemoTargets, count: number, handWritten: Row[]) {
  const used = new Set(handWritten.map((r) => r.code as string));
  const slots: { code: string; source: Row; assignedAt: Date | null }[] = [];
  const add = (prefix: string, source: Row, n: number, assignedAt: Date | null) => {
    for (let i = 1; slots.length < count && n > 0; i++) {
      const code = `${prefix}-${String(i).padStart(3, '0')}`;
      if (used.has(code)) continue;
      used.add(code);
      slots.push({ code, source, assignedAt });
      n--;
    }
  };
  const inSource = (ref: string) => handWritten.filter((r) => (r.source as Row | undefined)?.ref === ref).length;
  const nq71 = (targets.bySource['71/NQ-CP'] ?? 330) - inSource('71/NQ-CP');
  const kh02 = (targets.bySource['02-KH/BCĐTW'] ?? 70) - inSource('02-KH/BCĐTW');
  // Resolution 71/NQ-CP of 01/04/2025: its tasks were assigned the next morning
  add('NQ71', { kind: 'resolution', ref: '71/NQ-CP', issuedOn: '2025-04-01' }, nq71, new Date('2025-04-02T08:30:00+07:00'));
  add('KH02', { kind: 'plan', ref: '02-KH/BCĐTW', issuedOn: null }, kh02, null);
  add('TBKL', { kind: 'conclusion', ref: 'TBKL-BCĐTW', issuedOn: null }, count, null);
  return slots;
}

/** Every agency leads a few tasks; ministries and the big cities more. */
function leadSequence(agencies: AgencyRow[], count: number, rng: Rng): string[] {
  const weight = (a: AgencyRow) =>
    ['BCA', 'BKHCN', 'BNV', 'BTC', 'VPCP'].includes(a.code)
      ? 5
      : a.kind === 'ministry'
        ? 3
        : ['HANOI', 'HCM'].includes(a.code)
          ? 3
          : a.kind === 'province'
            ? 1.2
            : 1;
  const total = agencies.reduce((s, a) => s + weight(a), 0);
  const list: string[] = [];
  for (const a of agencies) list.push(a.code, a.code); // at least two each
  while (list.length < count) {
    let r = rng.next() * total;
    for (const a of agencies) {
      r -= weight(a);
      if (r <= 0) {
        list.push(a.code);
        break;
      }
    }
  }
  shuffle(list, rng);
  return list.slice(0, count);
}

function coordinatingFor(lead: string, agencies: AgencyRow[], rng: Rng): string[] {
  const central = agencies.filter((a) => a.kind !== 'province' && a.code !== lead);
  const first = rng.chance(0.5) ? 'BCA' : rng.chance(0.5) ? 'BKHCN' : rng.pick(central).code;
  const list = first === lead ? [] : [first];
  if (rng.chance(0.3)) {
    const second = rng.pick(central).code;
    if (second !== lead && !list.includes(second)) list.push(second);
  }
  return list;
}

/** A deadline written the way the directives write it, resolving to (about) `day`; `ok` checks the resolved due. */
function expressionFor(day: string, rng: Rng, ok: (expression: string) => boolean): string {
  const [y, m] = [day.slice(0, 4), Number(day.slice(5, 7))];
  const forms = [
    () => `trong tháng ${String(m).padStart(2, '0')}/${y}`,
    () => `trong Quý ${['I', 'II', 'III', 'IV'][Math.floor((m - 1) / 3)]}/${y}`,
    () => `trước ngày ${day.slice(8, 10)}/${day.slice(5, 7)}/${y}`,
    () => `trong năm ${y}`,
  ];
  const p = rng.next();
  const form = p < 0.4 ? forms[0] : p < 0.6 ? forms[1] : p < 0.65 ? forms[3] : forms[2];
  const expression = form();
  if (ok(expression)) return expression;
  const exact = `${day.slice(8, 10)}/${day.slice(5, 7)}/${y}`;
  return exact;
}

function shuffle<T>(list: T[], rng: Rng): void {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
}

const SURNAMES = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Phan',
  'Vũ',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
  'Đinh',
  'Trương',
];
const MIDDLE = ['Văn', 'Thị', 'Đức', 'Minh', 'Quốc', 'Thanh', 'Hữu', 'Ngọc', 'Thu', 'Xuân', 'Hồng', 'Anh'];
const GIVEN = [
  'An',
  'Bình',
  'Châu',
  'Cường',
  'Dũng',
  'Giang',
  'Hà',
  'Hải',
  'Hạnh',
  'Hiếu',
  'Hòa',
  'Hùng',
  'Hương',
  'Khang',
  'Khoa',
  'Lan',
  'Linh',
  'Long',
  'Mai',
  'Minh',
  'Nam',
  'Nga',
  'Ngọc',
  'Phong',
  'Phúc',
  'Quân',
  'Quyên',
  'Sơn',
  'Tâm',
  'Thảo',
  'Thắng',
  'Trang',
  'Trung',
  'Tú',
  'Tuấn',
  'Vy',
  'Yến',
];

const ascii = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();

/** invented officers: "Trần Thu Hà" <ha.tt@bca.example.org> */
function peoplePool(rng: Rng) {
  return () => {
    const [s, m, g] = [rng.pick(SURNAMES), rng.pick(MIDDLE), rng.pick(GIVEN)];
    return { name: `${s} ${m} ${g}`, slug: `${ascii(g)}.${ascii(s)[0]}${ascii(m)[0]}${rng.int(1, 99)}` };
  };
}

/** Subject matter by agency, for the generated titles. */
const FIELD: Record<string, string> = {
  BQP: 'quốc phòng',
  BCA: 'dân cư, căn cước và định danh điện tử',
  BNG: 'lãnh sự, hộ chiếu ngoại giao',
  BNV: 'cán bộ, công chức, viên chức',
  BTP: 'hộ tịch, lý lịch tư pháp',
  BTC: 'tài chính, thuế, hải quan',
  BCT: 'công thương, thương mại điện tử',
  BNNMT: 'đất đai, tài nguyên và môi trường',
  BXD: 'xây dựng, giao thông vận tải',
  BVHTTDL: 'văn hóa, thể thao và du lịch',
  BKHCN: 'khoa học, công nghệ và đổi mới sáng tạo',
  BGDDT: 'giáo dục, văn bằng, chứng chỉ',
  BYT: 'y tế, khám bệnh, chữa bệnh',
  BDTTG: 'dân tộc và tôn giáo',
  NHNN: 'ngân hàng, thanh toán không dùng tiền mặt',
  TTCP: 'thanh tra, tiếp công dân, giải quyết khiếu nại, tố cáo',
  VPCP: 'văn bản chỉ đạo, điều hành của Chính phủ',
  TTXVN: 'thông tin, báo chí',
  DTHVN: 'phát thanh, truyền hình',
  DTNVN: 'phát thanh, truyền hình',
  VHLKHCN: 'khoa học tự nhiên và công nghệ',
  VHLKHXH: 'khoa học xã hội',
};

const CENTRAL_TITLES = [
  (f: string) => `Hoàn thiện cơ sở dữ liệu chuyên ngành về ${f} bảo đảm "đúng, đủ, sạch, sống, thống nhất, dùng chung"`,
  (f: string) => `Kết nối, chia sẻ dữ liệu ${f} với Cơ sở dữ liệu quốc gia về dân cư`,
  (f: string) => `Cắt giảm, đơn giản hóa thủ tục hành chính, thành phần hồ sơ có thể thay thế bằng dữ liệu trong lĩnh vực ${f}`,
  (f: string) => `Tái cấu trúc quy trình, cung cấp dịch vụ công trực tuyến toàn trình trong lĩnh vực ${f}`,
  (f: string) => `Xây dựng văn bản quy định chi tiết, hướng dẫn thi hành luật trong lĩnh vực ${f}`,
  () => 'Xây dựng Khung kiến trúc dữ liệu của bộ, ngành bám sát Khung kiến trúc dữ liệu quốc gia',
  () => 'Bảo đảm an toàn thông tin, an ninh mạng cho các hệ thống thông tin theo cấp độ',
  () => 'Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính cấp bộ, bảo đảm vận hành ổn định, không quá tải',
  () => 'Đăng ký sử dụng hạ tầng tập trung tại Trung tâm dữ liệu quốc gia',
  () => 'Báo cáo tình hình phân bổ, giải ngân kinh phí khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số',
  () => 'Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực',
  () => 'Đào tạo, bồi dưỡng kỹ năng số cho cán bộ, công chức, viên chức',
];

const PROVINCE_TITLES = [
  (p: string) => `Bố trí đủ nhân lực chuyển đổi số cho các xã, phường, đặc khu trên địa bàn ${p}`,
  (p: string) => `Triển khai phong trào "Bình dân học vụ số" và Tổ công nghệ số cộng đồng trên địa bàn ${p}`,
  (p: string) => `Mua sắm trang thiết bị đầu cuối cho các xã còn thiếu trên địa bàn ${p}`,
  (p: string) => `Hoàn thiện hạ tầng số, xóa điểm lõm sóng trên địa bàn ${p}`,
  () => 'Bảo đảm vận hành thông suốt mô hình chính quyền địa phương 2 cấp trên môi trường số',
  () => 'Nâng tỷ lệ hồ sơ dịch vụ công trực tuyến toàn trình, phấn đấu đạt mục tiêu 80%',
  () => 'Thực hiện 16 tiêu chí chuyển đổi số cấp xã',
  () => 'Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực',
  () => 'Kết nối Hệ thống thông tin giải quyết thủ tục hành chính cấp tỉnh với Cơ sở dữ liệu quốc gia về dân cư',
  () => 'Thực hiện thủ tục hành chính không phụ thuộc địa giới hành chính trong phạm vi cấp tỉnh',
  () => 'Xây dựng Khung kiến trúc dữ liệu của địa phương bám sát Khung kiến trúc dữ liệu quốc gia',
];

function titleFor(lead: AgencyRow, rng: Rng): string {
  if (lead.kind === 'province') return rng.pick(PROVINCE_TITLES)(lead.name.replace(/^Ủy ban nhân dân /, ''));
  return rng.pick(CENTRAL_TITLES)(FIELD[lead.code] ?? 'quản lý nhà nước');
}

const DELIVERABLES = [
  'Báo cáo kết quả thực hiện gửi Văn phòng Chính phủ',
  'Cơ sở dữ liệu vận hành chính thức',
  'Nghị định trình Chính phủ',
  'Quyết định phê duyệt',
  'Kế hoạch triển khai được ban hành',
  'Hệ thống thông tin được nâng cấp, vận hành ổn định',
  'Văn bản hướng dẫn',
];

const EXTENSION_REASONS = [
  'Chờ ý kiến thẩm định của Bộ Tư pháp',
  'Điều chỉnh theo mô hình chính quyền địa phương 2 cấp',
  'Chưa được bố trí kinh phí thực hiện',
  'Cần thêm thời gian lấy ý kiến các bộ, ngành, địa phương',
];
