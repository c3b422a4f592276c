/** Admin settings are event-sourced like everything else: who changed what, and when, stays on record. */

export interface HolidaysSet {
  type: 'HolidaysSet';
  data: { year: number; days: string[]; workdays: string[] };
}

export interface CoordinatorsSet {
  type: 'CoordinatorsSet';
  data: { emails: string[] };
}

export type SettingsEvent = HolidaysSet | CoordinatorsSet;

export const calendarStreamId = (year: number): string => `calendar-${year}`;
export const COORDINATORS_STREAM = 'settings-coordinators';
