/** 风险信息 and 矛盾纠纷日排查: risks reported, each unit's daily screening, the day's roll-up, a risk turned into an incident. */
export {
  escalateRisk,
  linkRiskToCase,
  type Risk,
  type RiskDependencies,
  type RiskEvent,
  type RiskRecord,
  type RiskStore,
  reportRisk,
  reportRiskAs,
  type RiskSubmission,
  type Screening,
  screeningRollUp,
  validateRiskSubmission,
} from './risks';
