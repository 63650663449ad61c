/** What a received text does: a reply to an alert, a report, a scheduled report, STOP/START. */
export { type InboundDependencies, type InboundOutcome, type InboundSms, receiveSms } from './inbound';
