/**
 * Which letters a scanner pass sends. People receive letters, not notices: when several rules
 * fall due for the same person and task in one pass (overlapping rules, a catch-up after
 * downtime, a task created already overdue), the person gets ONE letter at the most severe
 * level, and every other notice is recorded as merged into it, never dropped. Pure: the scanner
 * hands in the pass's due notices and gets back who carries what.
 */
export interface LetterCandidate {
  /** the notice key: (task, rule, deadline version, occurrence) */
  key: string;
  taskId: string;
  ruleId: string;
  level: number;
  fireAt: Date;
  /** normalised recipient addresses */
  recipients: string[];
}

export interface LetterPlan {
  /** per candidate key, the recipients whose letter about this task it is */
  carriedTo: Map<string, string[]>;
  /** per candidate key, the (recipient → carrier key) pairs where another notice stands for it */
  mergedInto: Map<string, Map<string, string>>;
}

/** Most severe first: higher level, then the later fire time, then rule and key for a stable order. */
export function moreSevere(a: LetterCandidate, b: LetterCandidate): number {
  return b.level - a.level || b.fireAt.getTime() - a.fireAt.getTime() || a.ruleId.localeCompare(b.ruleId) || a.key.localeCompare(b.key);
}

/** For every (recipient, task) of the pass, the most severe candidate carries; the others merge into it. */
export function planLetters(candidates: LetterCandidate[]): LetterPlan {
  const winners = new Map<string, LetterCandidate>();
  for (const candidate of candidates) {
    for (const recipient of new Set(candidate.recipients)) {
      const slot = JSON.stringify([recipient, candidate.taskId]);
      const current = winners.get(slot);
      if (!current || moreSevere(candidate, current) < 0) winners.set(slot, candidate);
    }
  }
  const carriedTo = new Map<string, string[]>();
  const mergedInto = new Map<string, Map<string, string>>();
  for (const candidate of candidates) {
    const carried: string[] = [];
    const merged = new Map<string, string>();
    for (const recipient of new Set(candidate.recipients)) {
      const winner = winners.get(JSON.stringify([recipient, candidate.taskId]))!;
      if (winner.key === candidate.key) carried.push(recipient);
      else merged.set(recipient, winner.key);
    }
    carriedTo.set(candidate.key, carried);
    if (merged.size > 0) mergedInto.set(candidate.key, merged);
  }
  return { carriedTo, mergedInto };
}
