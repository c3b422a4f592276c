export * from './rule.types';
export * from './validate-rule';
export * from './rule.events';
export * from './rule.decider';
export * from './rule-matches';
export * from './fire-times';
export * from './notice-id';
export * from './default-rules';
