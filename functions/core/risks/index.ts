/** 风险信息 and 矛盾纠纷日排查: risks reported, each unit's daily screening, the day's roll-up, a risk turned into an incident. */
export { type Risk, type RiskDependencies, type RiskEvent, type RiskRecord, type RiskStore, type RiskSubmission, type Screening, validateRiskSubmission } from './model';
export { escalateRisk, linkRiskToCase, reportRisk, reportRiskAs, screeningRollUp } from './risks';
export { RISK_LIMITS, RiskEscalationBody, RiskReportBody, ScreeningQueryParams } from './requests';
