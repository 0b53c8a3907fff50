import { PERMIT_NUMBER_PATTERN, PERMIT_NUMBER_SOURCE } from "../codes/permit-number.js";
import { REGION_CODE_PATTERN } from "../codes/region.js";
import { SECTOR_CODE_PATTERN } from "../codes/sector.js";
import { USCC_PATTERN } from "../codes/uscc.js";
import { STATUS_REGISTRY_TYPE } from "../ids.js";
import { MEDIA, POLLUTANT_CODES } from "../vocabulary.js";

/**
 * did:ethr DIDs as `ethr-did-resolver` reads them: an optional network (a name such as "dev", or the chain id in
 * hex such as "0x7a69"), then a 20-byte address or a 33-byte compressed public key. No DID URL parts.
 */
export const DID_ETHR_PATTERN = "^did:ethr:(?:[A-Za-z0-9_-]{1,64}:)?0x(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{66})$";

/** A 20-byte address, any letter case (EIP-55 checksums are not verified here). */
export const ADDRESS_PATTERN = "^0x[0-9a-fA-F]{40}$";

/** A 32-byte hash, lower-case hex (the canonical form, so that equal hashes are equal strings). */
export const BYTES32_PATTERN = "^0x[0-9a-f]{64}$";

/** An unsigned integer in decimal without leading zeros, at most 78 digits (uint256 range is checked separately). */
export const UINT_STRING_PATTERN = "^(?:0|[1-9][0-9]{0,77})$";

/** HJ 608-2017 outlet code: D (discharge outlet), A (air) or W (water), three-digit sequence, e.g. "DA001". */
export const OUTLET_ID_PATTERN = "^D[AW][0-9]{3}$";

/**
 * The schema of a pollutant code restricted to `codes` (those of one medium). A code outside POLLUTANT_CODES is
 * left to the `pollutantCode` definition, so that an unknown code is reported once.
 */
export function pollutantCodeOf<const C extends readonly string[]>(codes: C) {
  return { type: "string", if: { enum: POLLUTANT_CODES }, then: { enum: codes } } as const;
}

/** One line of text without control characters and without leading or trailing white space. */
const SINGLE_LINE_PATTERN =
  "^[^\\s\\u0000-\\u001f\\u007f](?:[^\\u0000-\\u001f\\u007f]*[^\\s\\u0000-\\u001f\\u007f])?$";

/**
 * The `$defs` every credential schema carries (each schema is one self-contained document, so that a verifier
 * that dereferences `credentialSchema.id` gets everything in one fetch).
 */
export const COMMON_DEFS = {
  didEthr: {
    $comment:
      "did:ethr DID (ERC-1056): did:ethr[:network]:0x<20-byte address or 33-byte compressed public key>",
    type: "string",
    maxLength: 200,
    pattern: DID_ETHR_PATTERN,
  },
  address: { type: "string", pattern: ADDRESS_PATTERN },
  bytes32: { type: "string", pattern: BYTES32_PATTERN },
  dateTime: {
    $comment: "RFC 3339 date-time with a time-zone offset",
    type: "string",
    maxLength: 64,
    format: "date-time",
  },
  date: { $comment: "RFC 3339 full-date (YYYY-MM-DD)", type: "string", format: "date" },
  uri: { type: "string", minLength: 1, maxLength: 2048, format: "uri" },
  name: { type: "string", minLength: 1, maxLength: 200, pattern: SINGLE_LINE_PATTERN },
  text: {
    $comment: "free text with at least one visible character",
    type: "string",
    maxLength: 10000,
    pattern: "\\S",
  },
  uscc: {
    $comment:
      "Unified social credit code, GB 32100-2015: 18 characters of 0-9 and A-Z without I, O, Z, S, V; positions " +
      "3-8 digits (GB/T 2260 division of the registering authority); position 18 the check character " +
      "C18 = 31 - MOD(sum of Ci*Wi for i = 1..17, 31), Wi = MOD(3^(i-1), 31), Ci the character's index in " +
      "0123456789ABCDEFGHJKLMNPQRTUWXY, 31 read as 0. The check character is verified by the custom format 'uscc'.",
    type: "string",
    pattern: USCC_PATTERN,
    format: "uscc",
  },
  permitNumber: {
    $comment: `Pollutant-discharge permit number. ${PERMIT_NUMBER_SOURCE} The custom format 'permit-number' also verifies the embedded USCC's check character.`,
    type: "string",
    pattern: PERMIT_NUMBER_PATTERN,
    format: "permit-number",
  },
  regionCode: {
    $comment: "Administrative division code, GB/T 2260: six digits with a province-level prefix",
    type: "string",
    pattern: REGION_CODE_PATTERN,
  },
  sectorCode: {
    $comment:
      "Industry code, GB/T 4754-2017: section letter plus division (2 digits), optionally group and class, e.g. C2511",
    type: "string",
    pattern: SECTOR_CODE_PATTERN,
  },
  pollutantCode: {
    $comment:
      "Water: COD, NH3-N, TN, TP. Air: SO2, NOx, VOCs, PM (total particulate), PM10, PM2.5. Heavy metals and " +
      "their compounds (air or water): Pb, Hg, Cd, Cr (total), As, Tl, Sb.",
    type: "string",
    enum: POLLUTANT_CODES,
  },
  medium: { type: "string", enum: MEDIA },
  outletId: {
    $comment: "HJ 608-2017 outlet code: DA### air, DW### water",
    type: "string",
    pattern: OUTLET_ID_PATTERN,
  },
  organization: {
    type: "object",
    additionalProperties: false,
    required: ["name", "uscc", "region", "sector"],
    properties: {
      name: { $ref: "#/$defs/name" },
      uscc: { $ref: "#/$defs/uscc" },
      region: { $ref: "#/$defs/regionCode" },
      sector: { $ref: "#/$defs/sectorCode" },
    },
  },
  issuer: {
    $comment: "a did:ethr DID, or an object whose id is one",
    if: { type: "string" },
    then: { $ref: "#/$defs/didEthr" },
    else: {
      type: "object",
      required: ["id"],
      properties: { id: { $ref: "#/$defs/didEthr" }, name: { $ref: "#/$defs/name" } },
    },
  },
  credentialStatus: {
    $comment:
      "The credential's entry in PermitChain's on-chain status registry: the registry contract, the issuer's " +
      "account in it and the index of the credential's status bit (a uint256 in decimal).",
    type: "object",
    additionalProperties: false,
    required: ["id", "type", "statusRegistry", "statusIssuer", "statusIndex"],
    properties: {
      id: { $ref: "#/$defs/uri" },
      type: { type: "string", const: STATUS_REGISTRY_TYPE },
      statusRegistry: { $ref: "#/$defs/address" },
      statusIssuer: { $ref: "#/$defs/address" },
      statusIndex: { type: "string", pattern: UINT_STRING_PATTERN },
    },
  },
  typedObject: {
    $comment: "a VC 1.1 extension object (evidence, termsOfUse, refreshService): an object with a type",
    type: "object",
    required: ["type"],
    properties: {
      id: { $ref: "#/$defs/uri" },
      type: {
        if: { type: "string" },
        then: { type: "string", minLength: 1, maxLength: 200 },
        else: {
          type: "array",
          minItems: 1,
          maxItems: 16,
          items: { type: "string", minLength: 1, maxLength: 200 },
        },
      },
    },
  },
  typedObjects: {
    if: { type: "array" },
    then: { type: "array", minItems: 1, maxItems: 100, items: { $ref: "#/$defs/typedObject" } },
    else: { $ref: "#/$defs/typedObject" },
  },
  proof: {
    $comment: "an embedded proof, or the JwtProof2020 object a decoded JWT credential carries",
    if: { type: "array" },
    then: { type: "array", minItems: 1, maxItems: 16, items: { type: "object" } },
    else: { type: "object" },
  },
  contextEntry: {
    if: { type: "string" },
    then: { $ref: "#/$defs/uri" },
    else: { type: "object" },
  },
  numericDate: { $comment: "JWT NumericDate (RFC 7519)", type: "number", minimum: 0 },
  jwtAudience: {
    if: { type: "string" },
    then: { type: "string", maxLength: 2048 },
    else: { type: "array", maxItems: 16, items: { type: "string", maxLength: 2048 } },
  },
} as const;
