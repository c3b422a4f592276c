export * from './schema/read-model-schema';
export * from './projector/projection';
export * from './projector/checkpoint';
export * from './projector/projector';
export * from './agencies/agency-projection';
export * from './settings/settings-projection';
export * from './tasks/task-projection';
export * from './tasks/task-queries';
