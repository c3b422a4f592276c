export * from './config/app-config';
export * from './config/project-root';
export * from './calendar/calendar.service';
export * from './read-models/read-model-waiter';
export * from './platform.module';
export * from './commands/command-executor';
export * from './dependencies/check-dependencies';
export * from './observability';
