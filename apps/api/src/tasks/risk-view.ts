import { Language, TaskRisk, riskReasonText } from '@app/domain';

/** A task's early warning as api.md shows it: the level and each reason with its text in the caller's language. */
export function riskView(risk: TaskRisk | null, language: Language) {
  if (risk === null) return null;
  return {
    level: risk.level,
    points: risk.points,
    reasons: risk.reasons.map((r) => ({ code: r.code, points: r.points, text: riskReasonText(r, language) })),
  };
}
