import * as z from 'zod';
import { fields, localDate, MAX_KEY_BYTES, optionalText, query } from '../base';
import { IncidentReportBody } from '../incident';

/** What the 风险信息 and 日排查 routes take (functions/core/base/requests.ts). */

export const RISK_LIMITS = { summary: 500, place: 100, items: 20 } as const;

const item = fields({ summary: optionalText(RISK_LIMITS.summary), place: optionalText(RISK_LIMITS.place) });

/**
 * POST /risks: `{planId, summary, place?}` is one risk; `{planId, nothingFound: true}` or
 * `{planId, items: [{summary, place?}]}` is the unit's daily screening. Which of the three, and what
 * each needs, ./model.ts says in words.
 */
export const RiskReportBody = fields({
  planId: z.string().max(MAX_KEY_BYTES).optional(),
  summary: optionalText(RISK_LIMITS.summary),
  place: optionalText(RISK_LIMITS.place),
  nothingFound: z.literal(true).optional(),
  items: z.array(item).max(RISK_LIMITS.items).optional(),
}).meta({ title: 'RiskReport' });

/** POST /risks/{id}/escalate: the incident's category, place and severity; the rest is the risk's. */
export const RiskEscalationBody = IncidentReportBody.pick({ category: true, place: true, severity: true }).partial({ place: true }).meta({ title: 'RiskEscalation' });

/** GET /risks: the screening roll-up of a local date (today by default), optionally of one school. */
export const ScreeningQueryParams = query({ date: localDate().optional(), planId: z.string().optional() }).meta({ title: 'ScreeningQuery' });
