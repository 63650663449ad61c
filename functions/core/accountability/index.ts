/** The accountability ledger: the facts the plans punish (缓报, 隐瞒 candidates, late acknowledgements, late written reports), from the timeline. */
export {
  factsOf,
  LEDGER_FACT_KINDS,
  ledgerFor,
  validateLedgerQuery,
  type LedgerDependencies,
  type LedgerEvidence,
  type LedgerFact,
  type LedgerFactKind,
  type LedgerQuery,
} from './ledger';
export { LedgerQueryParams } from './requests';
