export * from './correlation';
export * from './metrics';
export * from './metrics-sources';
export * from './scanner-status';
export * from './logger';
export * from './graceful-shutdown';
