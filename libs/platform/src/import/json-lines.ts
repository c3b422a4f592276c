/**
 * The line on which each array element starts in a JSON text, keyed by its path (`[3]` for the
 * fourth element of a top-level array, `.tasks[3]` for the fourth element of the `tasks` array
 * of a top-level object). Call it on text JSON.parse accepted; it only tracks positions.
 */
export function jsonElementLines(text: string): Map<string, number> {
  interface Frame {
    array: boolean;
    index: number;
    key: string | null;
    expectKey: boolean;
    path: string;
  }
  const lines = new Map<string, number>();
  const stack: Frame[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  const elementStarts = () => {
    const top = stack[stack.length - 1];
    if (top?.array) lines.set(`${top.path}[${top.index}]`, line);
  };
  const childPath = (top: Frame | undefined) => (top ? (top.array ? `${top.path}[${top.index}]` : `${top.path}.${top.key}`) : '');

  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === ':' || c === '\ufeff') {
      i++;
      continue;
    }
    const top = stack[stack.length - 1];
    if (c === '"') {
      // JSON strings hold no raw line breaks, so the line does not move inside one
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (top && !top.array && top.expectKey) {
        top.key = JSON.parse(text.slice(i, j + 1)) as string;
        top.expectKey = false;
      } else {
        elementStarts();
      }
      i = j + 1;
      continue;
    }
    if (c === '{' || c === '[') {
      elementStarts();
      stack.push({ array: c === '[', index: 0, key: null, expectKey: c === '{', path: childPath(top) });
      i++;
      continue;
    }
    if (c === '}' || c === ']') {
      stack.pop();
      i++;
      continue;
    }
    if (c === ',') {
      if (top?.array) top.index++;
      else if (top) top.expectKey = true;
      i++;
      continue;
    }
    // a number, true, false or null
    elementStarts();
    while (i < n && !/[,\]}\s]/.test(text[i])) i++;
  }
  return lines;
}

/** 1-based line of a character offset */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < Math.min(offset, text.length); i++) if (text[i] === '\n') line++;
  return line;
}
