/** The languages the engine answers in; Vietnamese first (domain-facts.md: wording Vietnamese first). */
export type Language = 'vi' | 'en';
export const LANGUAGES: readonly Language[] = ['vi', 'en'];
export const DEFAULT_LANGUAGE: Language = 'vi';

/**
 * The language of an answer: the person's own setting when known (the hook sign-in will fill),
 * else the best of `Accept-Language` we speak (q-values honoured, `vi-VN` is vi), else Vietnamese.
 */
export function pickLanguage(acceptLanguage: string | undefined, personal?: Language | null): Language {
  if (personal && LANGUAGES.includes(personal)) return personal;
  const ranges = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)).find(Boolean);
      return { primary: tag.trim().split('-')[0], q: q ? Number(q[1]) : 1, index };
    })
    .filter((r) => r.primary !== '' && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  const spoken = ranges.find((r) => (LANGUAGES as readonly string[]).includes(r.primary));
  return spoken ? (spoken.primary as Language) : DEFAULT_LANGUAGE;
}
