/** Admin settings are event-sourced like everything else: who changed what, and when, stays on record. */

export interface HolidaysSet {
  type: 'HolidaysSet';
  data: { year: number; days: string[]; workdays: string[] };
}

export interface CoordinatorsSet {
  type: 'CoordinatorsSet';
  data: { emails: string[] };
}

import type { ReportSchedulesSet } from './report-schedules';
import type { NoticeTemplateSet } from './notice-templates';

export type SettingsEvent = HolidaysSet | CoordinatorsSet | ReportSchedulesSet | NoticeTemplateSet;

export const calendarStreamId = (year: number): string => `calendar-${year}`;
export const COORDINATORS_STREAM = 'settings-coordinators';
