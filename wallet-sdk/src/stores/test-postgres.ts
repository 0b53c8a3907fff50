// Test helper: the issuer's throwaway PostgreSQL cluster (issuer/src/test-support/postgres.ts: initdb and
// pg_ctl, as the `postgres` user when running as root), one per test file; where none can be started, the
// PostgreSQL tests skip and the reason is printed, as the issuer's do.
import { afterAll, beforeAll } from "vitest";
import { startTestPostgres, type TestPostgres } from "../../../issuer/src/test-support/postgres.js";
import { postgresWalletPlace } from "./postgres-wallet-place.js";
import { numberedPlaceholders } from "./postgres-wallet-sql.js";
import type { SqlRow, SqlValue } from "./wallet-sql.js";

export type TestCluster = TestPostgres | { skip: string };

/**
 * Starts a cluster before the file's tests and stops it after them. The returned function gives the cluster,
 * or why there is none (a test then calls `ctx.skip()`).
 */
export function throwawayPostgres(): () => TestCluster {
  let cluster: TestCluster | undefined;
  beforeAll(async () => {
    cluster = await startTestPostgres();
    if ("skip" in cluster) console.warn(cluster.skip);
  }, 120_000);
  afterAll(() => {
    if (cluster !== undefined && !("skip" in cluster)) cluster.stop();
  });
  return () => {
    if (cluster === undefined) throw new Error("the cluster starts in beforeAll");
    return cluster;
  };
}

/**
 * Runs `sql` (`?` placeholders) on the tables of the wallet `wallet` in the database at `url`, on a connection
 * of its own, as someone with access to the database would.
 */
export async function rawPostgres(
  url: string,
  wallet: string,
  sql: string,
  values: readonly SqlValue[] = [],
): Promise<SqlRow[]> {
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${postgresWalletPlace(url, wallet).schema}"`);
    return (await client.query<SqlRow>(numberedPlaceholders(sql), [...values])).rows;
  } finally {
    await client.end();
  }
}
