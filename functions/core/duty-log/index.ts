/** 值班记录: the duty officer's shift log — entries, calls received, handover notes — per shift. */
export { type DutyLogDependencies, type DutyLogEntry, type DutyLogStore, type DutyLogView, showDutyLog, validateDutyLogEntry, writeDutyLog, writeDutyLogAs } from './log';
export { DUTY_LOG_KINDS, DUTY_LOG_LIMITS, DutyLogEntryBody, type DutyLogKind, DutyLogQueryParams } from './requests';
