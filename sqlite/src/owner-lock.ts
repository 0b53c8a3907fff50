import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";

/** Whether a process with this id is running (one of another user's counts: signalling it is refused). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The process id a lock file holds, or undefined when it holds none (written only in part, or damaged). */
function ownerOf(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, "utf8").trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** The lock is held by the running process `pid` (this one, when the file is open here already). */
export class OwnerLockHeldError extends Error {
  constructor(
    readonly path: string,
    readonly pid: number,
  ) {
    super(`${path} is held by the running process ${pid}`);
  }
}

/**
 * Takes the lock file `path` for this process: creates it holding this process's id, or takes it over when
 * the process it names is no longer running (a crash left it). Throws {@link OwnerLockHeldError} when a
 * running process holds it. Returns the release, which removes the file.
 */
export function takeOwnerLock(path: string): () => void {
  for (let attempt = 0; attempt < 3; attempt++) {
    let handle: number;
    try {
      handle = openSync(path, "wx", 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = ownerOf(path);
      if (pid !== undefined && isRunning(pid)) throw new OwnerLockHeldError(path, pid);
      if (pid === undefined && attempt === 0) {
        // being written this instant, or left empty by a crash: look again in a moment
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
        continue;
      }
      unlinkStale(path);
      continue;
    }
    try {
      writeSync(handle, `${process.pid}\n`);
    } finally {
      closeSync(handle);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      unlinkStale(path);
    };
  }
  throw new OwnerLockHeldError(path, ownerOf(path) ?? 0);
}

function unlinkStale(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}
