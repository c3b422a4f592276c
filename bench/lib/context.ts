/** What every benchmark gets from the runner. */
export interface BenchContext {
  /** BENCH_QUICK=1: 10× smaller data and fewer repetitions, for developing the harness (not for the doc) */
  quick: boolean;
}
