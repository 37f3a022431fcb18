import fc from 'fast-check';

// Loaded by vitest.stryker.config.ts only (the mutation run), never by `npm test`.

// The same fast-check runs for every mutant, so a mutant's fate does not depend on the luck of a seed.
fc.configureGlobal({ seed: 20240101 });
