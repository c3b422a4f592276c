import type { Api } from './api';

/**
 * Saves a document of the API (a workbook, a report, an attachment) under `name`: fetched with
 * the session's credentials, then handed to the browser as an object URL on a clicked link.
 */
export async function saveFile(api: Api, path: string, name: string): Promise<void> {
  const url = URL.createObjectURL(await api.file(path));
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** `?a=1&b=x` of the parameters that have a value (undefined, null and '' are left out), or ''. */
export function queryString(params: Record<string, string | number | boolean | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  const text = query.toString();
  return text ? `?${text}` : '';
}
