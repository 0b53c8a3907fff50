import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { resolve } from "node:path";

/** Lock files this process holds now (a second open here must be refused, not taken for a stale one). */
const heldHere = new Set<string>();

/**
 * When the process `pid` started, as Linux counts it (`/proc/<pid>/stat`, field 22, clock ticks since boot);
 * undefined where there is no such file (another system, or no such process). With the pid, it names one
 * process: a pid used again later by another process has another start time.
 */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // the command name (field 2) is in parentheses and may hold spaces: count from the last ")"
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

/** Whether a process with this id is running (one of another user's counts: signalling it is refused). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

interface Owner {
  readonly pid: number;
  readonly startTime: string | undefined;
}

/** The owner a lock file names, or undefined when it names none (written only in part, or damaged). */
function ownerOf(path: string): Owner | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const [pidText, startTime] = text.trim().split(/\s+/);
  const pid = Number(pidText);
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  return { pid, startTime: startTime === undefined || startTime === "" ? undefined : startTime };
}

/**
 * Whether the owner a lock file names is still running: its pid is in use, by the same process (same start
 * time, where the system tells it). This process's own pid counts only for a lock it took itself: a file
 * naming it otherwise was left by an earlier process that had the same pid (a restarted container's).
 */
function stillRunning(path: string, owner: Owner): boolean {
  if (owner.pid === process.pid) return heldHere.has(path);
  if (!isRunning(owner.pid)) return false;
  const startTime = startTimeOf(owner.pid);
  return owner.startTime === undefined || startTime === undefined || startTime === owner.startTime;
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
 * Takes the lock file `path` for this process: creates it naming this process (its id and, on Linux, its start
 * time), or takes it over when the process it names is gone (a crash left it; a pid reused since does not
 * count). Throws {@link OwnerLockHeldError} while a running process holds it, this one included. Returns the
 * release, which removes the file.
 */
export function takeOwnerLock(lockPath: string): () => void {
  const path = resolve(lockPath);
  for (let attempt = 0; attempt < 3; attempt++) {
    let handle: number;
    try {
      handle = openSync(path, "wx", 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = ownerOf(path);
      if (owner !== undefined && stillRunning(path, owner)) throw new OwnerLockHeldError(path, owner.pid);
      if (owner === undefined && attempt === 0) {
        // being written this instant, or left empty by a crash: look again in a moment
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
        continue;
      }
      unlinkIfPresent(path);
      continue;
    }
    try {
      writeSync(handle, `${process.pid} ${startTimeOf(process.pid) ?? ""}\n`);
    } finally {
      closeSync(handle);
    }
    heldHere.add(path);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      heldHere.delete(path);
      unlinkIfPresent(path);
    };
  }
  throw new OwnerLockHeldError(path, ownerOf(path)?.pid ?? 0);
}

function unlinkIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}
