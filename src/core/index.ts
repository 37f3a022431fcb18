export { createLastTaskRunner } from './createLastTaskRunner';
export { createLastTaskLanes, type LastTaskLanes } from './createLastTaskLanes';
export { mergeStatus } from './mergeStatus';
export type { AutosaveStatus } from './createAutosave';
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
export { createStatusBadge, type StatusBadge, type StatusBadgeOptions } from './createStatusBadge';
