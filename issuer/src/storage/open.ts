import type { DatabaseConfig } from "../config.js";
import { PostgresRepository } from "./postgres.js";
import type { IssuerRepository } from "./repository.js";
import { SqliteRepository } from "./sqlite.js";

/** Opens the repository `config` names: a SQLite file, or a PostgreSQL database. */
export async function openRepository(config: DatabaseConfig): Promise<IssuerRepository> {
  return config.kind === "postgres"
    ? PostgresRepository.open(config.url)
    : SqliteRepository.open(config.path);
}
