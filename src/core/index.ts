export { createLastTaskRunner } from './createLastTaskRunner';
export { createLastTaskLanes, type LastTaskLanes } from './createLastTaskLanes';
export { isDeepEqual } from './isDeepEqual';
export { mergeStatus } from './mergeStatus';
export {
  createDraft,
  isNetworkError,
  type Draft,
  type DraftHost,
  type DraftOptions,
  type DraftSnapshot,
  type DraftStore,
  type RecoveredDraft,
} from './createDraft';
export { observeKey } from './orderKey';
export type { AutosaveStatus } from './createAutosave';
export type {
  CancelReason,
  LastTaskRunner,
  Outcome,
  RetryOptions,
  RunnerOptions,
  RunnerSnapshot,
  RunOptions,
  Task,
  TaskContext,
  TaskStatus,
  TaskTrigger,
} from './types';
export { createStatusBadge, type StatusBadge, type StatusBadgeOptions } from './createStatusBadge';
