import { describe, expect, it } from "vitest";
import { checkLogLevel, LOG_LEVELS } from "./log-levels.js";

const LOG_LEVEL = { env: "SERVICE_LOG_LEVEL", file: "logLevel" };

describe("checkLogLevel", () => {
  it("accepts pino's levels", () => {
    const problems: string[] = [];
    for (const level of LOG_LEVELS) checkLogLevel(level, LOG_LEVEL, problems);
    expect(problems).toEqual([]);
    expect(LOG_LEVELS).toEqual(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);
  });

  it("refuses anything else, listing the levels", () => {
    const problems: string[] = [];
    checkLogLevel("loud", LOG_LEVEL, problems);
    checkLogLevel("INFO", LOG_LEVEL, problems);
    expect(problems).toEqual([
      'SERVICE_LOG_LEVEL (logLevel): one of fatal, error, warn, info, debug, trace, silent, got "loud"',
      'SERVICE_LOG_LEVEL (logLevel): one of fatal, error, warn, info, debug, trace, silent, got "INFO"',
    ]);
  });
});
