/**
 * Property tests draw their cases from a fixed seed, so a CI run is reproducible like everything
 * else here. To explore new cases: FAST_CHECK_SEED=random npm test (or a number); a failure
 * prints the seed and path that reproduce it.
 */
import fc from 'fast-check';

const env = process.env.FAST_CHECK_SEED;
if (env !== 'random') fc.configureGlobal({ seed: env ? Number(env) : 20261123 });
