import { describe, expect, it } from "vitest";
import {
  assertDidCoreDocument,
  checkDidCoreDocument,
  checkDidResolutionResult,
  DID_CORE_CONTEXT,
  DidCoreConformanceError,
} from "./did-core.js";

const did = "did:ethr:0x7a69:0x1f2a9e4c0b8d3e6f7a1b2c3d4e5f60718293a4b5";

function document(): Record<string, unknown> {
  return {
    "@context": [DID_CORE_CONTEXT, "https://w3id.org/security/suites/secp256k1recovery-2020/v2"],
    id: did,
    verificationMethod: [
      {
        id: `${did}#controller`,
        type: "EcdsaSecp256k1RecoveryMethod2020",
        controller: did,
        blockchainAccountId: "eip155:31337:0x1f2a9e4c0b8d3e6f7a1b2c3d4e5f60718293a4b5",
      },
      {
        id: `${did}#delegate-1`,
        type: "X25519KeyAgreementKey2019",
        controller: did,
        publicKeyBase64: "AAAA",
      },
    ],
    authentication: [`${did}#controller`],
    assertionMethod: ["#controller"],
    keyAgreement: [`${did}#delegate-1`],
    service: [{ id: `${did}#service-1`, type: "HubService", serviceEndpoint: "https://hub.example/x" }],
  };
}

describe("checkDidCoreDocument", () => {
  it("accepts a conformant did:ethr document", () => {
    expect(checkDidCoreDocument(document(), { expectedId: did })).toEqual([]);
    expect(() => assertDidCoreDocument(document())).not.toThrow();
  });

  it("requires @context (JSON-LD) and id", () => {
    const { "@context": _, id: __, ...rest } = document();
    const problems = checkDidCoreDocument(rest);
    expect(problems).toContain("@context is required in the JSON-LD representation");
    expect(problems.some((p) => p.startsWith("id undefined is not a DID"))).toBe(true);
    expect(checkDidCoreDocument({ ...document(), "@context": "https://example.com/v1" })).toEqual([
      `@context must begin with ${DID_CORE_CONTEXT}`,
    ]);
    const { "@context": ___, ...plain } = document();
    expect(checkDidCoreDocument(plain, { representation: "application/did+json" })).toEqual([]);
  });

  it("rejects a document for another DID", () => {
    expect(checkDidCoreDocument(document(), { expectedId: `${did}0` })).toHaveLength(1);
  });

  it("checks verification method shapes: id, type, controller, exactly one key property", () => {
    const doc = document();
    doc.verificationMethod = [
      { id: "controller", type: "X", controller: did, publicKeyHex: "02ab" },
      { id: `${did}#k2`, controller: "not-a-did", publicKeyHex: "02ab", publicKeyBase58: "abc" },
      { id: `${did}#k3`, type: "JsonWebKey2020", controller: did, publicKeyJwk: { kty: "EC", d: "secret" } },
      { id: `${did}#k4`, type: "X", controller: did },
    ];
    doc.authentication = [];
    doc.assertionMethod = [];
    doc.keyAgreement = [];
    const problems = checkDidCoreDocument(doc);
    expect(problems).toEqual([
      'verificationMethod[0].id "controller" is not a DID URL',
      "verificationMethod[1].type must be a string",
      'verificationMethod[1].controller "not-a-did" is not a DID',
      "verificationMethod[1] must carry exactly one verification material property, has publicKeyHex, publicKeyBase58",
      "verificationMethod[2].publicKeyJwk contains private key material",
      "verificationMethod[3] must carry exactly one verification material property, has none",
    ]);
  });

  it("rejects references to missing methods, duplicate ids and malformed services", () => {
    const doc = document();
    doc.authentication = [`${did}#nowhere`, "not a reference"];
    doc.service = [
      { id: `${did}#controller`, type: "Hub", serviceEndpoint: "https://hub.example" },
      { id: `${did}#s2`, type: [], serviceEndpoint: 42 },
    ];
    expect(checkDidCoreDocument(doc)).toEqual([
      `authentication[0] refers to ${did}#nowhere, which is not a verification method of the document`,
      'authentication[1] "not a reference" is not a DID URL reference',
      `service[0] reuses the id ${did}#controller`,
      "service[1].type must be a string or a set of strings",
      "service[1].serviceEndpoint must be a URI, a map, or a set of them",
    ]);
    expect(() => assertDidCoreDocument(doc)).toThrow(DidCoreConformanceError);
  });
});

describe("checkDidResolutionResult", () => {
  it("accepts DID Core error codes only, with no document", () => {
    const failed = {
      didResolutionMetadata: { error: "notFound" },
      didDocumentMetadata: {},
      didDocument: null,
    };
    expect(checkDidResolutionResult(failed)).toEqual([]);
    expect(
      checkDidResolutionResult({ ...failed, didResolutionMetadata: { error: "unknownNetwork" } }),
    ).toEqual(['error "unknownNetwork" is not a DID Core resolution error']);
    expect(
      checkDidResolutionResult({
        didResolutionMetadata: {},
        didDocumentMetadata: { deactivated: "yes" },
        didDocument: document(),
      }),
    ).toEqual(["didDocumentMetadata.deactivated must be a boolean"]);
  });
});
