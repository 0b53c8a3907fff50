import { createHash } from "node:crypto";
import {
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { DataDirError } from "./errors.js";

/** What makes a chain this chain: a data directory made for one identity refuses to open as another. */
export interface ChainIdentity {
  chainId: number;
  hardfork: string;
  timestampUnit: string;
  blockGasLimit: string;
  /** SHA-256 over the funded genesis accounts and balances. */
  genesisAccounts: string;
}

/** `chain.json`: the identity plus what was fixed when the chain was made. */
export interface ChainFile extends ChainIdentity {
  format: 1;
  genesisTimestamp: string;
  genesisHash: string;
  createdAt: string;
}

export const CHAIN_FILE = "chain.json";
export const JOURNAL_FILE = "blocks.journal";
const LOCK_FILE = "LOCK";
/** Files the CLI and later tools keep beside the chain; their presence does not make a directory foreign. */
const COMPANION_FILES = new Set([LOCK_FILE, "deployment.json"]);

export function genesisAccountsDigest(accounts: ReadonlyArray<{ address: string; balance: bigint }>): string {
  const hash = createHash("sha256");
  for (const a of accounts) hash.update(`${a.address.toLowerCase()}:${a.balance}\n`);
  return hash.digest("hex");
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Writes a file so that a crash leaves either the old or the new content, never a mix. */
export function writeFileAtomic(path: string, content: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode: 0o644 });
  const fd = openSync(tmp, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** An opened, locked data directory. */
export class DataDir {
  private constructor(
    readonly path: string,
    readonly chainFile: ChainFile | undefined,
  ) {}

  get journalPath(): string {
    return join(this.path, JOURNAL_FILE);
  }

  /**
   * Creates the directory if needed, proves it writable, takes the lock and reads `chain.json`.
   * Refuses a directory that holds something else, or a chain with another identity.
   */
  static open(dir: string, identity: ChainIdentity): DataDir {
    const path = resolve(dir);
    try {
      mkdirSync(path, { recursive: true });
      const probe = join(path, `.write-probe-${process.pid}`);
      writeFileSync(probe, "");
      rmSync(probe);
    } catch (error) {
      throw new DataDirError(
        "DATA_DIR_NOT_WRITABLE",
        `data directory ${path} is not writable (${errno(error) ?? String(error)}); choose another with --data-dir or fix its permissions`,
        path,
      );
    }
    DataDir.lock(path);
    try {
      const chainFile = DataDir.readChainFile(path, identity);
      return new DataDir(path, chainFile);
    } catch (error) {
      rmSync(join(path, LOCK_FILE), { force: true });
      throw error;
    }
  }

  private static lock(path: string): void {
    const lockPath = join(path, LOCK_FILE);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(lockPath, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o644);
        writeFileSync(fd, String(process.pid));
        closeSync(fd);
        return;
      } catch (error) {
        if (errno(error) !== "EEXIST") throw error;
        const holder = Number.parseInt(readFileSync(lockPath, "utf8"), 10);
        if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
          throw new DataDirError(
            "DATA_DIR_LOCKED",
            `data directory ${path} is in use by process ${holder}; stop it first or choose another --data-dir`,
            path,
          );
        }
        rmSync(lockPath, { force: true }); // stale lock of a process that is gone
      }
    }
    throw new DataDirError("DATA_DIR_LOCKED", `could not lock data directory ${path}`, path);
  }

  private static readChainFile(path: string, identity: ChainIdentity): ChainFile | undefined {
    const file = join(path, CHAIN_FILE);
    if (!existsSync(file)) {
      const foreign = readdirSync(path).filter(
        (name) => !COMPANION_FILES.has(name) && !name.endsWith(".tmp"),
      );
      if (foreign.includes(JOURNAL_FILE)) {
        throw new DataDirError(
          "DATA_DIR_FOREIGN",
          `data directory ${path} has a block journal but no ${CHAIN_FILE}; it cannot be opened safely (restore ${CHAIN_FILE} or start from an empty directory)`,
          path,
        );
      }
      if (foreign.length > 0) {
        throw new DataDirError(
          "DATA_DIR_FOREIGN",
          `data directory ${path} is not empty and is not a PermitChain chain (found ${foreign.slice(0, 3).join(", ")}); choose an empty or new --data-dir`,
          path,
        );
      }
      return undefined;
    }
    let stored: ChainFile;
    try {
      stored = JSON.parse(readFileSync(file, "utf8")) as ChainFile;
    } catch (error) {
      throw new DataDirError(
        "DATA_DIR_FOREIGN",
        `${file} is not valid JSON: ${(error as Error).message}`,
        path,
      );
    }
    const differences = (Object.keys(identity) as (keyof ChainIdentity)[])
      .filter((key) => String(stored[key]) !== String(identity[key]))
      .map((key) => `${key}: stored ${String(stored[key])}, configured ${String(identity[key])}`);
    if (stored.format !== 1) differences.unshift(`format: stored ${String(stored.format)}, supported 1`);
    if (differences.length > 0) {
      throw new DataDirError(
        "DATA_DIR_OTHER_CHAIN",
        `data directory ${path} holds another chain (${differences.join("; ")}); use another --data-dir or the configuration it was made with`,
        path,
      );
    }
    return stored;
  }

  writeChainFile(file: ChainFile): void {
    writeFileAtomic(join(this.path, CHAIN_FILE), `${JSON.stringify(file, null, 2)}\n`);
  }

  release(): void {
    rmSync(join(this.path, LOCK_FILE), { force: true });
  }
}
