// The composition root: what the API, the worker and the CLI assemble. Apps are entry points
// that pick from here; no app imports another (eslint enforces it).
export { allReadModels } from './read-models';
export { WorkerModule } from './worker.module';
export { ProjectorService, EVENTS_APPENDED, READ_MODELS_UPDATED } from './projector/projector.service';
export { EscalationWorkerModule } from './escalation/escalation-worker.module';
export { ScannerService } from './escalation/scanner.service';
export { EscalationTuning } from './escalation/escalation-tuning';
