/**
 * Facts about FISCO BCOS 3.x that the PBFT parameter model relies on. Every value names where it comes
 * from so that an operator can check it against the release they run (docs/pbft-model.md lists the
 * sources in full).
 */
export const FISCO_PBFT = {
  /**
   * `config.ini [consensus] checkpoint_timeout` default and minimum, in ms. The node refuses to start below
   * it ("Please set consensus.checkpoint_timeout to no less than 3000ms!").
   * Source: FISCO-BCOS/FISCO-BCOS bcos-tool/bcos-tool/NodeConfig.{h,cpp} (`DEFAULT_MIN_CONSENSUS_TIME_MS`,
   * `loadConsensusConfig`).
   */
  checkpointTimeoutMinMs: 3000,
  /**
   * `config.ini [consensus] min_seal_time` default, in ms. Source: NodeConfig.cpp `loadSealerConfig`
   * (default "500") and the Air config documentation.
   */
  minSealTimeDefaultMs: 500,
  /**
   * Upper value the model recommends for `min_seal_time`: the 3.x Air configuration guide says it must not
   * exceed 1000 ms (the node code itself accepts 1..600000). Source: FISCO-BCOS-DOC
   * 3.x/zh_CN/docs/tutorial/air/config.md, section 2.4.
   */
  minSealTimeDocMaxMs: 1000,
  /** Largest value NodeConfig accepts for `min_seal_time` (`DEFAULT_MAX_SEAL_TIME_MS`). */
  minSealTimeCodeMaxMs: 600_000,
  /** `config.genesis [consensus] block_tx_count_limit` default. Source: NodeConfig.cpp `loadLedgerConfig`. */
  blockTxCountLimitDefault: 1000,
  /**
   * `config.genesis [consensus] leader_period` default as parsed by NodeConfig.cpp ("1") and written by
   * `build_chain.sh`; the configuration guide's prose says 5.
   */
  leaderPeriodDefault: 1,
  /** `config.ini [txpool] limit` default. Source: NodeConfig.cpp `loadTxPoolConfig`, Air config guide. */
  txpoolLimitDefault: 15_000,
  /** `config.ini [sync] tree_width` default (valid range 1..65535). Source: NodeConfig.cpp `loadSyncConfig`. */
  syncTreeWidthDefault: 3,
  /**
   * Base of the view-change (consensus) timer in ms: `ConsensusConfig::m_consensusTimeout = {3000}`. Current
   * 3.x releases no longer read `consensus_timeout` from config.genesis, so the model treats it as fixed.
   * Source: bcos-pbft ConsensusConfig.h; NodeConfig.cpp `loadLedgerConfig` (no consensus_timeout).
   */
  viewChangeTimeoutBaseMs: 3000,
  /**
   * Back-off of the view-change timer: timeout × 1.5^changeCycle with changeCycle capped at 10.
   * Source: FISCO-BCOS/FISCO-BCOS bcos-pbft/bcos-pbft/pbft/engine/PBFTTimer.h.
   */
  viewChangeBackoffBase: 1.5,
  viewChangeMaxChangeCycle: 10,
  /**
   * Node count guidance of the two-phase PBFT design: at least 4 consensus nodes, at most about 100 for
   * performance. Source: FISCO-BCOS-DOC 3.x/zh_CN/docs/design/consensus/consensus.md.
   */
  recommendedMinNodes: 4,
  recommendedMaxNodes: 100,
  /**
   * Size of one transaction hash in a proposal: 3.x proposals carry transaction hashes, replicas fill the
   * bodies from their own pool. Source: FISCO-BCOS-DOC 3.x/zh_CN/docs/design/consensus/pbft_optimize.md.
   */
  proposalHashBytes: 32,
} as const;

/**
 * Modelling constants that are this project's assumptions, not FISCO facts. They are printed with the
 * reasoning so that nobody mistakes them for measured values.
 */
export const MODEL_ASSUMPTIONS = {
  /** Approximate size of one prepare / commit / checkpoint message on the wire (bytes). */
  consensusMessageBytes: 256,
  /** Lower bound for the recommended `min_seal_time` (ms): smaller windows mostly add O(n²) message cost. */
  minSealFloorMs: 50,
  /** Lower bound for the recommended `block_tx_count_limit`. */
  blockTxCountFloor: 10,
  /** `leader_period` is chosen so that leader hand-over costs at most this share of a sealing window. */
  handoverShare: 0.1,
  /** Upper bound for the recommended `leader_period`. */
  leaderPeriodMax: 10,
  /** `checkpoint_timeout` = this factor × worst-case commit time of a full block (then FISCO's minimum). */
  checkpointSafetyFactor: 3,
  /** A full block's worst-case commit time must stay below this share of the view-change timeout. */
  viewChangeShare: 0.5,
  /** `txpool.limit` holds this many times the load that arrives during the worst modelled stall. */
  txpoolHeadroom: 2,
  /** Utilisation above which the report warns that queueing delay will dominate. */
  utilisationWarn: 0.7,
  /** Per-organisation weighting uses lcm(node counts) as each organisation's weight when it is ≤ this. */
  perOrgLcmMax: 1000,
} as const;
