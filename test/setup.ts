import { afterEach, vi } from 'vitest';

// `npm run test:unit` runs the files one after another in shared workers (no isolation, for speed): each file
// starts from fresh modules all the same, so that module state (the ordering keys' floor, K1) never leaks
// from one file into the next.
vi.resetModules();

// Hook tests render into jsdom; unmount what each test rendered so renders don't leak between tests.
afterEach(async () => {
  if (typeof document !== 'undefined') {
    const { cleanup } = await import('@testing-library/react');
    cleanup();
  }
  vi.useRealTimers();
});
