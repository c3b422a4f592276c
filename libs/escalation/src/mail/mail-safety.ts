/**
 * Guards against header injection and look-alike text in emails.
 *
 * Everything in a notice (task titles, agency names, decision refs, officer names) was typed by
 * people or imported from documents, so any of it may carry CR/LF, NUL, tabs, or Unicode line and
 * bidi-override characters. In a header CR/LF would start a new header (e.g. a `Bcc:`); in a body
 * they would let a title forge extra lines ("Thời hạn: ...") and bidi overrides can make a link or
 * a code read backwards. Rendering flattens such characters; the transport refuses them outright.
 */

/**
 * C0 controls (incl. TAB, CR, LF), DEL, C1 controls, U+2028/U+2029 (line/paragraph separators,
 * which some mail clients break lines on) and the bidi embedding/override/isolate controls.
 */

const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const CONTROL_RUNS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g;

export function hasControlChars(value: string): boolean {
  return CONTROL_CHARS.test(value);
}

/** Bidi embeddings, overrides, isolates and marks: they reorder what a reader sees, and carry no text. */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Strips bidi controls (a title's RLO must not turn a subject around), then replaces each run of
 * other control characters with one space, leaving every other character as it was: Vietnamese
 * text must round-trip exactly, so no Unicode normalisation and no collapsing of ordinary spaces.
 */
export function toSingleLine(value: string): string {
  return value.replace(BIDI_CONTROLS, '').replace(CONTROL_RUNS, ' ').trim();
}

/** RFC 5322 field name: printable US-ASCII except the colon. */
const HEADER_NAME = /^[\x21-\x39\x3b-\x7e]+$/;

export function isValidHeaderName(name: string): boolean {
  return HEADER_NAME.test(name);
}
