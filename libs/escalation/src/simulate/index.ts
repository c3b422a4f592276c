export * from './simulate-input';
export * from './simulate-notices';
