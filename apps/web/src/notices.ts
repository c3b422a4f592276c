import type { Api } from './api';
import type { Notice } from './types';

const PAGE = 500;
const MAX_PAGES = 10;

/** Every notice the filter selects, following `nextCursor` (at most MAX_PAGES pages: then `truncated`). */
export async function loadNotices(
  api: Api,
  query: { taskId?: string; status?: Notice['status']; recipient?: string },
  signal: AbortSignal,
): Promise<{ items: Notice[]; truncated: boolean }> {
  const items: Notice[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await api.get('/notifications', { params: { query: { ...query, limit: PAGE, cursor } }, signal });
    items.push(...res.items);
    if (!res.nextCursor) return { items, truncated: false };
    cursor = res.nextCursor;
  }
  return { items, truncated: true };
}
