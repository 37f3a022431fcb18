import { afterEach, vi } from 'vitest';

// Hook tests render into jsdom; unmount what each test rendered so renders don't leak between tests.
afterEach(async () => {
  if (typeof document !== 'undefined') {
    const { cleanup } = await import('@testing-library/react');
    cleanup();
  }
  vi.useRealTimers();
});
