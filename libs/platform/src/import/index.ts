// Bulk import of agencies and tasks (CSV / JSON) through the domain deciders; docs/import-format.md.
export * from './columns';
export * from './import.types';
export { ImportFormat, ParseOptions, parseImportFile, mergeInputs, parseCsv, parseJsonText, recordsFromObjects } from './parse-input';
export { PlannedRow, planTaskRow, planAgencyRow } from './plan-rows';
export { IMPORT_ACTOR, importData, importTasks, importAgencies } from './import-data';
export { businessTime, deadlineValue, sourceKindOf } from './values';
export { parseXlsx } from './parse-xlsx';
export { PEOPLE_COLUMNS, parsePeopleFile, type PeopleFile, type PeopleRow, type PersonField } from './people-file';
