/** The escalation workflow's steps (notify a level, check the acknowledgement, report late) and delivery reports. */
export { recordDelivery } from './delivery';
export { type AcknowledgementOutcome, checkAcknowledgement, checkBureauReport, escalateNow, type EscalationDependencies, type LevelStep, notifyLevel, reportLateToBureau } from './escalation';
