import { describe, expect, it } from "vitest";
import { configProblemsMessage } from "./config-problems.js";

describe("configProblemsMessage", () => {
  it("names the service, then lists every problem on its own line", () => {
    expect(configProblemsMessage("verifier", ["A (a): required", 'B (b): got "x"'])).toBe(
      'invalid verifier configuration:\n  - A (a): required\n  - B (b): got "x"',
    );
  });
});
