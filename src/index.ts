export { createLastTaskRunner } from './core/createLastTaskRunner';
export { createLastTaskLanes, type LastTaskLanes } from './core/createLastTaskLanes';
export { isDeepEqual } from './core/isDeepEqual';
export { mergeStatus } from './core/mergeStatus';
export {
  createDraft,
  isNetworkError,
  type Draft,
  type DraftOptions,
  type DraftSnapshot,
  type DraftStore,
  type RecoveredDraft,
} from './core/createDraft';
export { observeKey } from './core/orderKey';
export { createStatusBadge, type StatusBadge, type StatusBadgeOptions } from './core/createStatusBadge';
export type { AutosaveStatus } from './core/createAutosave';
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
} from './core/types';
export { useAutosave, type UseAutosaveOptions, type UseAutosaveResult } from './react/useAutosave';
export { useDraft } from './react/useDraft';
export { useLastTask, type UseLastTaskOptions, type UseLastTaskResult } from './react/useLastTask';
export { useLastTaskLanes, type UseLastTaskLanesResult } from './react/useLastTaskLanes';
export { useStatusBadge } from './react/useStatusBadge';
