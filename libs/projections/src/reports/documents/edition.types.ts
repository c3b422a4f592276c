/** A published report edition: what it said, frozen (api.md "Documents"). Instants are ISO strings. */
export interface EditionTask {
  taskId: string;
  code: string;
  title: string;
  leadAgency: string;
  agencyName: string;
  sourceRef: string | null;
  /** the deadline in force (ISO), null for recurring tasks */
  due: string | null;
  /** overdue: calendar days late at asOf; at risk: days left (negative never) */
  days: number | null;
  officer: { name: string; email: string } | null;
  /** at risk: the early warning's reasons, in Vietnamese (editions published before risk levels have none) */
  reasons?: string[];
}

export interface EditionBlocker {
  taskCode: string;
  taskTitle: string;
  leadAgency: string;
  agencyName: string;
  description: string;
  raisedAt: string;
}

export interface EditionRankingRow {
  agency: string;
  name: string;
  total: number;
  completedOnTime: number;
  completedLate: number;
  overdue: number;
  onTimeRate: number | null;
  avgDaysLate: number | null;
  rank: number;
}

export interface EditionFigures {
  total: number;
  completed: number;
  completedOnTime: number;
  completedLate: number;
  inProgress: number;
  onTrack: number;
  dueSoon: number;
  overdue: number;
  ongoing: number;
  cancelled: number;
  bySource: { source: string; total: number; completed: number; overdue: number; [k: string]: unknown }[];
  [k: string]: unknown;
}

export interface ReportEdition {
  id: string;
  title: string;
  number: string | null;
  asOf: string;
  /** the record time the figures are as known at (the publication instant unless given) */
  knownAt: string;
  publishedAt: string;
  source: string | null;
  agency: string | null;
  /** the event store at publication: feed position, events, and the Merkle root of every stream's head */
  chainHead: { position: number; events: number; root: string };
  figures: EditionFigures;
  ranking: EditionRankingRow[];
  overdue: EditionTask[];
  atRisk: EditionTask[];
  blockers: EditionBlocker[];
  publishedBy: string;
}
