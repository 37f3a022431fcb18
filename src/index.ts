// The core's whole surface (react-last-task/core), then the hooks.
export * from './core/index';
export { useAutosave, type UseAutosaveOptions, type UseAutosaveResult } from './react/useAutosave';
export { useDraft } from './react/useDraft';
export { useLastTask, type UseLastTaskOptions, type UseLastTaskResult } from './react/useLastTask';
export { useLastTaskLanes, type UseLastTaskLanesResult } from './react/useLastTaskLanes';
export { useStatusBadge } from './react/useStatusBadge';
