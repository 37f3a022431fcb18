import type fc from 'fast-check';

/**
 * fast-check parameters for the model-based tests. On failure fast-check's message carries the seed, the
 * path and the shrunk counterexample, which ends with its `replayPath` (`verbose: 1` also lists the failures
 * met while shrinking); to replay one, run the test again with FC_SEED=<seed> FC_PATH=<path>
 * FC_REPLAY_PATH=<replayPath> in the environment.
 */
export function replayable<Ts>(numRuns: number): fc.Parameters<Ts> {
  const params: fc.Parameters<Ts> = { numRuns, verbose: 1 };
  if (process.env.FC_SEED) params.seed = Number(process.env.FC_SEED);
  if (process.env.FC_PATH) params.path = process.env.FC_PATH;
  return params;
}

/** Options of `fc.commands`: the commands' own replay path (FC_REPLAY_PATH), without which FC_PATH cannot replay. */
export function replayableCommands(): { replayPath?: string } {
  return process.env.FC_REPLAY_PATH ? { replayPath: process.env.FC_REPLAY_PATH } : {};
}
