import { describe, expect, it } from "vitest";
import { parseJwt } from "./jwt.js";

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const header = b64({ alg: "ES256K", typ: "JWT" });
const payload = b64({ iss: "did:ethr:0x7a69:0x70997970C51812dc3A010C7d01b50e0d17dc79C8", vc: {} });
const signature = Buffer.alloc(64, 7).toString("base64url");

describe("parseJwt", () => {
  it("takes a compact JWS apart without checking the signature", () => {
    const parsed = parseJwt(`${header}.${payload}.${signature}`);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.alg).toBe("ES256K");
    expect(parsed.value.signingInput).toBe(`${header}.${payload}`);
    expect(parsed.value.payloadSegment).toBe(payload);
    expect(parsed.value.signature).toHaveLength(64);
  });

  it("accepts ES256K-R with a 65-byte signature and refuses it with 64", () => {
    const recoverable = b64({ alg: "ES256K-R" });
    expect(parseJwt(`${recoverable}.${payload}.${Buffer.alloc(65, 1).toString("base64url")}`).ok).toBe(true);
    expect(parseJwt(`${recoverable}.${payload}.${signature}`)).toMatchObject({
      ok: false,
      code: "JWT_MALFORMED",
    });
  });

  it.each([
    ["a signature with stray bits in its last character", `${header}.${payload}.${signature.slice(0, -1)}B`],
    ["standard base64 characters", `${header}.${payload.replace(/^./, "+")}.${signature}`],
    ["an impossible base64 length", `${header}.${payload}A.${signature}`],
    ["an empty segment", `${header}..${signature}`],
    ["whitespace", `${header}. ${payload}.${signature}`],
    ["a header that is an array", `${b64(["ES256K"])}.${payload}.${signature}`],
    ["a payload that is null", `${header}.${b64(null)}.${signature}`],
    ["a non-string alg", `${b64({ alg: ["ES256K"] })}.${payload}.${signature}`],
  ])("refuses %s (JWT_MALFORMED)", (_name, jwt) => {
    expect(parseJwt(jwt)).toMatchObject({ ok: false, code: "JWT_MALFORMED" });
  });

  it.each(["none", "HS256", "RS256", "ES256", "EdDSA", "PS256", "ES256k", ""])(
    "refuses alg %j (ALG_NOT_ALLOWED)",
    (alg) => {
      expect(parseJwt(`${b64({ alg })}.${payload}.${signature}`)).toMatchObject({
        ok: false,
        code: "ALG_NOT_ALLOWED",
      });
    },
  );

  it("refuses more than maxLength characters before looking inside", () => {
    expect(parseJwt("x".repeat(101), { maxLength: 100 })).toMatchObject({ ok: false, code: "JWT_TOO_LARGE" });
  });
});
