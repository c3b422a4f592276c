import { digestId, NoticeIssued, NoticeItem, NoticeRecipient } from '@app/domain';

/** A due row of rm_pending_notices, with the recipients its rule resolves to right now. */
export interface DueItem extends NoticeItem {
  /** noticeId({taskId, ruleId, deadlineVersion, occurrence}): the planner's key */
  noticeKey: string;
  fireAt: Date;
  level: number;
  digest: boolean;
  catchUp: boolean;
  recipients: NoticeRecipient[];
}

export type NoticeDraft = NoticeIssued['data'];

/**
 * Turns due items into the notices to issue. Pure, so the grouping is tested on its own.
 *
 * - A non-digest item is one notice, id = its planner key, to all its recipients (one email,
 *   one Message-ID).
 * - Digest items are grouped per recipient address and rule: one notice per group, listing all
 *   its tasks, id = digestId(recipient, rule, latest fire time of the group). The id depends
 *   only on the items, so a pass repeated before the planner consumed them gives the same ids.
 * - A digest item nobody receives (no assignee email, no head) becomes a notice of its own with
 *   no recipient, which the mail processor records as failed and reports: never silently lost.
 */
export function draftNotices(items: DueItem[]): NoticeDraft[] {
  const drafts: NoticeDraft[] = [];
  const groups = new Map<string, { recipient: NoticeRecipient; items: DueItem[] }>();
  for (const item of items) {
    if (!item.digest || item.recipients.length === 0) {
      drafts.push(single(item));
      continue;
    }
    for (const recipient of item.recipients) {
      const key = JSON.stringify([normaliseEmail(recipient.email), item.ruleId]);
      const group = groups.get(key) ?? { recipient, items: [] };
      if (!group.items.some((i) => i.noticeKey === item.noticeKey)) group.items.push(item);
      groups.set(key, group);
    }
  }
  for (const { recipient, items: grouped } of groups.values()) {
    drafts.push(digestDraft(recipient, grouped, latestFireAt(grouped)));
  }
  return drafts;
}

/** A digest over `items` to `recipient`, fired (and so identified) at `fireAt`. */
export function digestDraft(recipient: NoticeRecipient, items: DueItem[], fireAt: Date): NoticeDraft {
  const sorted = [...items].sort(
    (a, b) => a.due.localeCompare(b.due) || a.taskCode.localeCompare(b.taskCode) || a.noticeKey.localeCompare(b.noticeKey),
  );
  return {
    noticeId: digestId(normaliseEmail(recipient.email), sorted[0].ruleId, fireAt),
    kind: kindOf(sorted),
    ruleId: sorted[0].ruleId,
    level: Math.max(...sorted.map((i) => i.level)),
    digest: true,
    items: sorted.map(toNoticeItem),
    recipients: [recipient],
    fireAt: fireAt.toISOString(),
    catchUp: sorted.every((i) => i.catchUp),
  };
}

function single(item: DueItem): NoticeDraft {
  return {
    noticeId: item.noticeKey,
    kind: kindOf([item]),
    ruleId: item.ruleId,
    level: item.level,
    digest: item.digest,
    items: [toNoticeItem(item)],
    recipients: uniqueRecipients(item.recipients),
    fireAt: item.fireAt.toISOString(),
    catchUp: item.catchUp,
  };
}

/** Level 0 before the deadline is a reminder; any higher level, or a fire past a due, escalates. */
function kindOf(items: DueItem[]): 'reminder' | 'escalation' {
  return items.some((i) => i.level > 0 || i.fireAt.getTime() > Date.parse(i.due)) ? 'escalation' : 'reminder';
}

function latestFireAt(items: DueItem[]): Date {
  return new Date(Math.max(...items.map((i) => i.fireAt.getTime())));
}

export function toNoticeItem(item: DueItem): NoticeItem {
  return {
    taskId: item.taskId,
    taskCode: item.taskCode,
    ruleId: item.ruleId,
    occurrence: item.occurrence,
    deadlineVersion: item.deadlineVersion,
    due: item.due,
  };
}

function uniqueRecipients(recipients: NoticeRecipient[]): NoticeRecipient[] {
  const seen = new Set<string>();
  return recipients.filter((r) => {
    const key = normaliseEmail(r.email);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();
