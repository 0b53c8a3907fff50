export { PBFT_MODEL_INPUT, PbftModelInputError } from "./errors.js";
export { FISCO_PBFT, MODEL_ASSUMPTIONS } from "./fisco-constants.js";
export type { Derivation } from "./format.js";
export {
  type NormalisedPbftInput,
  normalisePbftInput,
  PBFT_INPUT_LIMITS,
  PBFT_MODEL_DEFAULTS,
  type PbftModelInput,
  WEIGHT_SCHEMES,
  type WeightScheme,
} from "./input.js";
export { computePbftModel, type PbftModelResult, type PbftModelWarning, type WarningLevel } from "./model.js";
export {
  type Bottleneck,
  estimatePerformance,
  type LatencyBreakdown,
  type PbftSettings,
  type PerformanceEstimate,
  type ThroughputBounds,
  viewChangeStallMs,
  worstCaseCommitMs,
} from "./performance.js";
export {
  analyseQuorum,
  interleavedOrder,
  messagesPerBlock,
  type OrgWeight,
  perOrgWeightTarget,
  type QuorumAnalysis,
  type SealerSlot,
  toleratedFaults,
  weightedQuorum,
} from "./quorum.js";
export {
  type Recommendation,
  type RecommendationResult,
  type RecommendedSettings,
  recommendSettings,
  type SettingKey,
} from "./recommend.js";
export { renderConfigIniFragment, renderGenesisFragment, renderPbftReport } from "./render.js";
