export { createLastTaskRunner } from './createLastTaskRunner';
export type {
  CancelReason,
  LastTaskRunner,
  Outcome,
  RunnerOptions,
  RunnerSnapshot,
  RunOptions,
  Task,
  TaskContext,
  TaskStatus,
} from './types';
