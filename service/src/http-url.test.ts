import { describe, expect, it } from "vitest";
import { isHttpUrl, isUrlWithScheme } from "./http-url.js";

describe("isHttpUrl", () => {
  it("accepts absolute http and https URLs", () => {
    for (const url of ["http://127.0.0.1:8545", "https://rpc.example/v1?key=a", "http://[::1]:8545"]) {
      expect(isHttpUrl(url), url).toBe(true);
    }
  });

  it("refuses other schemes, white space, and what URL cannot parse", () => {
    for (const url of [
      "ws://127.0.0.1:8545",
      "ftp://x",
      "127.0.0.1:8545",
      "http://a b",
      " http://a",
      "http://",
      "http://[::1",
      "http://a:99999",
    ]) {
      expect(isHttpUrl(url), url).toBe(false);
    }
  });
});

describe("isUrlWithScheme", () => {
  it("accepts the schemes named, in any case, and nothing else", () => {
    const schemes = ["http", "https", "ws", "wss"];
    for (const url of ["ws://127.0.0.1:20200", "WSS://node.example:20200", "https://node.example"]) {
      expect(isUrlWithScheme(url, schemes), url).toBe(true);
    }
    for (const url of ["ftp://x", "ws://a b", "ws://a:99999", "wss:/node", "127.0.0.1:20200"]) {
      expect(isUrlWithScheme(url, schemes), url).toBe(false);
    }
    expect(isUrlWithScheme("ws://127.0.0.1:20200", ["http", "https"])).toBe(false);
  });
});
