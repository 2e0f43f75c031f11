// globalTeardown runs under Node's own require, which knows nothing of the `test/...` path mapping.
// eslint-disable-next-line no-restricted-imports
import { releaseSharedPostgres } from './global-setup';

/**
 * Releases this project's hold on the shared Postgres; the last project to finish stops the
 * server and removes its data directory, so no postgres process outlives the jest run.
 */
export default async function globalTeardown(): Promise<void> {
  await releaseSharedPostgres();
}
