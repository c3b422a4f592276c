export { NoticeScanner, type NoticeScannerDeps, type NoticeScannerOptions, type ScanResult } from './notice-scanner';
export { draftNotices, digestDraft, type DueItem, type NoticeDraft } from './draft-notices';
export { readDuePage, staleReason, type DueRow, type DueCursor } from './due-items';
export { loadActiveRules } from './active-rules';
