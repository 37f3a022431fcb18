/** 2^31 - 1 ms (about 24.8 days): setTimeout fires at once for a longer wait, so such a wait is cut in parts. */
export const MAX_WAIT = 2_147_483_647;
