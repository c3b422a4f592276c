import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, NoticeRecipient, ReminderRule, formatInZone, localDay } from '@app/domain';
import type { SqlDatabase } from '@app/event-store';
import { loadActiveRules, loadRecipientDirectory, recipientsFrom } from '@app/escalation';
import { APP_CONFIG, AppConfig, SQL_DATABASE } from '@app/platform';

const UNIT_VI: Record<string, string> = { working_days: 'ngày làm việc', days: 'ngày', hours: 'giờ' };
const UNIT_EN: Record<string, string> = { working_days: 'working days', days: 'days', hours: 'hours' };
const AS_VI: Record<string, string> = {
  assignee: 'cán bộ theo dõi nhiệm vụ',
  agency_head: 'thủ trưởng cơ quan chủ trì',
  acting_head: 'người được giao quyền/phụ trách thay thủ trưởng',
  coordinators: 'điều phối viên Văn phòng Chính phủ',
  email: 'địa chỉ ghi trong quy tắc',
};

export interface PlannedNotice {
  ruleId: string;
  ruleName: string;
  occurrence: number;
  level: number;
  kind: 'reminder' | 'escalation';
  fireAt: string;
  due: string;
  catchUp: boolean;
  recipients: (NoticeRecipient & { why: string })[];
  /** why it will be sent, in Vietnamese and English */
  because: { vi: string; en: string };
}

/**
 * What the engine will send about a task next, and why (issue 12): the planner's own rows
 * (rm_pending_notices, the same the scanner fires), each with its rule, the condition in words,
 * and each recipient as resolved now with the reason they receive it (an acting head with the
 * head they act for). What was sent is the ledger (GET /notifications?taskId=).
 */
@Injectable()
export class NoticePlan {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async planned(task: {
    id: string;
    leadAgency: string;
    assignee: { name?: string | null; email?: string | null } | null;
  }): Promise<PlannedNotice[]> {
    const { rows } = await this.db.query<{
      rule_id: string;
      occurrence: number;
      fire_at: Date;
      due: Date;
      level: number;
      catch_up: boolean;
    }>(
      `SELECT rule_id, occurrence, fire_at, due, level, catch_up FROM rm_pending_notices WHERE task_id = $1 ORDER BY fire_at, rule_id LIMIT 50`,
      [task.id],
    );
    if (rows.length === 0) return [];
    const tz = this.config.DEADLINE_TIMEZONE;
    const rules = await loadActiveRules(this.db, [...new Set(rows.map((r) => r.rule_id))]);
    const directory = await loadRecipientDirectory(this.db, {
      agencies: [task.leadAgency],
      coordinators: true,
      today: localDay(this.clock.now(), tz),
    });
    const out: PlannedNotice[] = [];
    for (const r of rows) {
      const rule = rules.get(r.rule_id);
      if (!rule) continue;
      const due = formatInZone(new Date(r.due), tz);
      out.push({
        ruleId: r.rule_id,
        ruleName: rule.name,
        occurrence: r.occurrence,
        level: r.level,
        kind: r.level > 0 ? 'escalation' : 'reminder',
        fireAt: formatInZone(new Date(r.fire_at), tz),
        due,
        catchUp: r.catch_up,
        recipients: recipientsFrom(directory, rule, { leadAgency: task.leadAgency, assignee: task.assignee }).map((p) => ({
          ...p,
          why: p.actingFor ? `${AS_VI[p.as]} (thay ${p.actingFor.title} ${p.actingFor.name})` : (AS_VI[p.as] ?? p.as),
        })),
        because: because(rule, r.occurrence, due),
      });
    }
    return out;
  }
}

function because(rule: ReminderRule, occurrence: number, due: string): { vi: string; en: string } {
  const { amount, unit } = rule.offset;
  const day = `${due.slice(8, 10)}/${due.slice(5, 7)}/${due.slice(0, 4)}`;
  const n = Math.abs(amount);
  const vi =
    amount < 0
      ? `${n} ${UNIT_VI[unit]} trước thời hạn ${day}`
      : amount > 0
        ? `${n} ${UNIT_VI[unit]} sau thời hạn ${day} mà nhiệm vụ chưa hoàn thành`
        : `đúng thời hạn ${day}`;
  const en =
    amount < 0
      ? `${n} ${UNIT_EN[unit]} before the deadline ${day}`
      : amount > 0
        ? `${n} ${UNIT_EN[unit]} after the deadline ${day}, the task not done`
        : `on the deadline ${day}`;
  const again = occurrence > 0 ? { vi: ` (nhắc lại lần ${occurrence + 1})`, en: ` (repeat ${occurrence + 1})` } : { vi: '', en: '' };
  const wait = rule.unacknowledgedAfter;
  // an `unacknowledgedAfter` rule is only planned: it goes out if a lower-level letter is left unacknowledged
  const gate = wait
    ? {
        vi: `, chỉ gửi nếu thư cấp thấp hơn không được xác nhận đã nhận trong ${wait.amount} ${UNIT_VI[wait.unit]}`,
        en: `, sent only if a lower-level letter is not acknowledged within ${wait.amount} ${UNIT_EN[wait.unit]}`,
      }
    : { vi: '', en: '' };
  return { vi: `Quy tắc "${rule.name}": ${vi}${gate.vi}${again.vi}`, en: `Rule "${rule.name}": ${en}${gate.en}${again.en}` };
}
