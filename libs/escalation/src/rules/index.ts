export * from './rules-projection';
export * from './seed-default-rules';
export * from './default-rules.seeder';
export * from './rule-id';
