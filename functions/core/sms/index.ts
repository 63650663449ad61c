/** The SMS channel: every text we send, how inbound texts are read and answered, segments, rate limits. */
export { type AlertFacts, alertText, informationText, lateReportText } from './alert-texts';
export { CATEGORY_KEYWORDS, type CategoryKeywords, guessCategory, mentionsIncident } from './categories';
export { type InboundDecision, interpretInbound, nextAlertNumber, type PhoneAlert, type RefusalReason, type SenderContext } from './interpret';
export { clipText, commandKey, normalizeText } from './normalize';
export { type InboundReading, parseInbound, type ParseOptions, type ReplyKind, type ReplyReading } from './parse';
export { extractPlace } from './place';
export { parseRecordText, type RecordText } from './records';
export {
  type HeldAlert,
  type InboundAnswer,
  type InboundHandled,
  type OutgoingSms,
  type PhoneAlerts,
  type PhoneStore,
  type SmsGateway,
  SmsRejectedError,
  SmsUnavailableError,
} from './ports';
export { PASSIVE_REPLY_RULES, type RateDecision, rateLimit, type RateRule, type SentSms, type SmsPurpose } from './rate-limit';
export { emergencyNumbersFor, type Reply, type ReplyOptions, replyText } from './replies';
export { chaseText, reminderText, type ReportTextFacts } from './report-texts';
export {
  countSegments,
  encodingOf,
  fitOneSegment,
  fitsOneSegment,
  SEGMENT_LIMITS,
  type SegmentCount,
  type Shrink,
  type SmsEncoding,
  splitSegments,
  truncateToFit,
} from './segments';
export { writtenReportOverdueText } from './written-report-texts';
export { type OptOutFacts, optOutNoticeText } from './opt-out-texts';
