// The core's whole surface (react-last-task/core), then the hooks: each hook's file exports only its public API.
export * from './core/index';
export * from './react/useAutosave';
export * from './react/useDraft';
export * from './react/useLastTask';
export * from './react/useLastTaskLanes';
export * from './react/useStatusBadge';
