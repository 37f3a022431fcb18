import { useEffect, useLayoutEffect } from 'react';

/**
 * A layout effect in the browser, so that a component's runner is alive again (StrictMode's remount)
 * before any child's passive effect can call it; a plain effect on the server, where neither runs.
 */
export const useIsomorphicLayoutEffect = typeof window === 'undefined' ? useEffect : useLayoutEffect;
