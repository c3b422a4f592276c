export * from './plan-pending';
export * from './planning-calendar';
export * from './planning-tasks';
export * from './pending-notices-projection';
export * from './resolve-recipients';
