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
// Every public type of the core.
export type * from './types';
export { createStatusBadge, type StatusBadge, type StatusBadgeOptions } from './createStatusBadge';
