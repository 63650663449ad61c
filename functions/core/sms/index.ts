/** The SMS channel's domain core: reading inbound texts, deciding, answering, counting, limiting. */
export { CATEGORY_KEYWORDS, guessCategory, mentionsIncident, type CategoryKeywords } from './categories';
export { interpretInbound, nextAlertNumber, type InboundDecision, type PhoneAlert, type RefusalReason, type SenderContext } from './interpret';
export { clipText, commandKey, normalizeText } from './normalize';
export { parseInbound, type InboundReading, type ParseOptions, type ReplyKind, type ReplyReading } from './parse';
export { extractPlace } from './place';
export { PASSIVE_REPLY_RULES, rateLimit, type RateDecision, type RateRule, type SentSms, type SmsPurpose } from './rate-limit';
export { emergencyNumbersFor, replyText, type Reply, type ReplyOptions } from './replies';
export { countSegments, encodingOf, fitOneSegment, fitsOneSegment, SEGMENT_LIMITS, splitSegments, truncateToFit, type SegmentCount, type Shrink, type SmsEncoding } from './segments';
