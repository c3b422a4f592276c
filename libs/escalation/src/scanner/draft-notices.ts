import { digestId, moreSevere, NoticeIssued, NoticeItem, NoticeRecipient, planLetters } from '@app/domain';

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
 * - Letters, not notices (domain planLetters): for each recipient and task of the pass the most
 *   severe item carries; every other item of that task is issued as a notice `mergedInto` the
 *   letter that carried it for its first recipient, which is recorded but never delivered. The
 *   planner consumes merged items like sent ones, so notice uniqueness per (task, rule,
 *   occurrence) holds and nothing is silently dropped.
 * - A non-digest item that carries is one notice, id = its planner key, to the recipients it
 *   carries for (one email, one Message-ID).
 * - Digest items are grouped per recipient address, whatever their rule: one digest per
 *   recipient per pass, id = digestId(recipient, most severe rule, latest fire time of the
 *   group). The id depends only on the items, so a pass repeated before the planner consumed
 *   them gives the same ids.
 * - An item nobody receives (no assignee email, no head) becomes a notice of its own with no
 *   recipient, which the mail processor records as failed and reports: never silently lost.
 * Merged notices come first in the result: the scanner issues them before the letters, so a
 * crash between the two leaves the letter pending rather than a merged item to be sent again.
 */
export function draftNotices(items: DueItem[]): NoticeDraft[] {
  const plan = planLetters(
    items.map((item) => ({
      key: item.noticeKey,
      taskId: item.taskId,
      ruleId: item.ruleId,
      level: item.level,
      fireAt: item.fireAt,
      recipients: item.recipients.map((r) => normaliseEmail(r.email)),
    })),
  );
  const letters: NoticeDraft[] = [];
  /** per (recipient, carrier key): the letter id that carries it */
  const letterOf = new Map<string, string>();
  const groups = new Map<string, { recipient: NoticeRecipient; items: DueItem[] }>();
  for (const item of items) {
    if (item.recipients.length === 0) {
      letters.push(singleDraft(item, []));
      continue;
    }
    const carried = new Set(plan.carriedTo.get(item.noticeKey));
    if (carried.size === 0) continue;
    if (!item.digest) {
      const draft = singleDraft(
        item,
        item.recipients.filter((r) => carried.has(normaliseEmail(r.email))),
      );
      letters.push(draft);
      for (const address of carried) letterOf.set(JSON.stringify([address, item.noticeKey]), draft.noticeId);
      continue;
    }
    for (const recipient of item.recipients) {
      const address = normaliseEmail(recipient.email);
      if (!carried.has(address)) continue;
      const group = groups.get(address) ?? { recipient, items: [] };
      if (!group.items.some((i) => i.noticeKey === item.noticeKey)) group.items.push(item);
      groups.set(address, group);
    }
  }
  for (const [address, { recipient, items: grouped }] of groups) {
    const draft = digestDraft(recipient, grouped, latestFireAt(grouped));
    letters.push(draft);
    for (const item of grouped) letterOf.set(JSON.stringify([address, item.noticeKey]), draft.noticeId);
  }
  const merged: NoticeDraft[] = [];
  const carriedBy = new Map<string, Set<string>>();
  for (const item of items) {
    const mergedFor = plan.mergedInto.get(item.noticeKey);
    if (!mergedFor) continue;
    const letterIds = [...mergedFor].map(([address, carrier]) => letterOf.get(JSON.stringify([address, carrier]))!);
    for (const id of letterIds) carriedBy.set(id, (carriedBy.get(id) ?? new Set()).add(item.noticeKey));
    // an item that still carries for someone is issued as (part of) that letter already
    if ((plan.carriedTo.get(item.noticeKey) ?? []).length > 0) continue;
    merged.push({ ...singleDraft(item, uniqueRecipients(item.recipients)), mergedInto: letterIds[0] });
  }
  for (const letter of letters) {
    const ids = carriedBy.get(letter.noticeId);
    if (ids) letter.merged = [...ids].sort();
  }
  return [...merged, ...letters];
}

/** A digest over `items` to `recipient`, fired (and so identified) at `fireAt`. */
export function digestDraft(recipient: NoticeRecipient, items: DueItem[], fireAt: Date): NoticeDraft {
  const sorted = [...items].sort(
    (a, b) => a.due.localeCompare(b.due) || a.taskCode.localeCompare(b.taskCode) || a.noticeKey.localeCompare(b.noticeKey),
  );
  // a digest fed by several rules is named after its most severe one
  const lead = [...items].sort((a, b) => moreSevere(candidateOf(a), candidateOf(b)))[0];
  return {
    noticeId: digestId(normaliseEmail(recipient.email), lead.ruleId, fireAt),
    kind: kindOf(sorted),
    ruleId: lead.ruleId,
    level: Math.max(...sorted.map((i) => i.level)),
    digest: true,
    items: sorted.map(toNoticeItem),
    recipients: [recipient],
    fireAt: fireAt.toISOString(),
    catchUp: sorted.every((i) => i.catchUp),
  };
}

const candidateOf = (item: DueItem) => ({ ...item, key: item.noticeKey, recipients: [] });

/** The notice of one item, to these recipients, under the item's planner key. */
export function singleDraft(item: DueItem, recipients: NoticeRecipient[]): NoticeDraft {
  return {
    noticeId: item.noticeKey,
    kind: kindOf([item]),
    ruleId: item.ruleId,
    level: item.level,
    digest: item.digest,
    items: [toNoticeItem(item)],
    recipients: uniqueRecipients(recipients),
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
