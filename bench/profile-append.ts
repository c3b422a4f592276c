/**
 * Experiment aid (not part of `npm run bench`): the store as shipped vs without the unused
 * events_recorded_at_idx ('store-lean'), with the raw INSERT, at the given writer counts.
 *   node dist-bench/bench/profile-append.js 8 [seconds] [repetitions]
 */
import { runAppendLoad } from './lib/append-load';
import { withSchema } from './lib/harness';

const writers = (process.argv[2] ?? '8').split(',').map(Number);
withSchema('bench_profile_append', () =>
  runAppendLoad({
    schema: 'bench_profile_append',
    systems: ['store', 'store-lean', 'raw'],
    writers,
    seconds: Number(process.argv[3] ?? 2),
    repetitions: Number(process.argv[4] ?? 6),
  }),
).then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
