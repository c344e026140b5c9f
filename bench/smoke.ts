// BENCH_SMOKE=1 turns every bench into a smoke run for `npm test`: a few seconds at small sizes,
// the correctness checks only (exact ledger, exactly-once effects, complete streams), and no
// timing printed as a result — a bench that nothing runs rots.
// Bench scripts are not app code: they read their own settings from the environment.
export const SMOKE = process.env.BENCH_SMOKE === "1";
