import * as z from 'zod';
import { fields, MAX_KEY_BYTES, optionalText, query } from '../base';
import { E164, IncidentReportBody } from '../incident';

/**
 * What the 包案 routes take (functions/core/base/requests.ts). Much of a case's body is required
 * only in context (a case grown out of an incident takes its plan and summary from it), so here
 * most is optional and ./cases.ts says what is missing; these name the fields and bound them.
 */

export type VisitMode = 'visit' | 'appointment';
export const VISIT_MODES: readonly VisitMode[] = ['visit', 'appointment'];
export const CASE_LIMITS = { text: 2000, name: 50, everyDays: 90 } as const;

const id = z.string().max(MAX_KEY_BYTES);
const visits = fields({ everyDays: z.number().int().min(1).max(CASE_LIMITS.everyDays).optional(), mode: z.enum(VISIT_MODES).optional() });

/** POST /cases: a new case, from scratch (`planId`) or grown out of an incident or a risk. */
export const OpenCaseBody = fields({
  planId: id.optional(),
  type: id.optional(),
  petitioner: fields({ name: optionalText(CASE_LIMITS.name), phone: z.string().regex(E164).optional() }).optional(),
  summary: optionalText(CASE_LIMITS.text),
  leader: id.optional(),
  responsible: id.optional(),
  visits: visits.optional(),
  fromIncident: id.optional(),
  fromRisk: id.optional(),
}).meta({ title: 'PetitionCase' });

/** PATCH /cases/{id}: owners, the visit plan, closing (with a resolution) or reopening (with a reason). */
export const CaseChangeBody = fields({
  leader: id.optional(),
  responsible: id.optional(),
  visits: visits.optional(),
  status: z.enum(['closed', 'open']).optional(),
  resolution: optionalText(CASE_LIMITS.text),
  reason: optionalText(CASE_LIMITS.text),
}).meta({ title: 'CaseChange' });

/** POST /cases/{id}/visits: a visit (下访) or appointment (约访) held, when (by default now), what came of it. */
export const CaseVisitBody = fields({
  mode: z.enum(VISIT_MODES).optional(),
  note: optionalText(CASE_LIMITS.text),
  at: z.string().optional().meta({ description: 'an ISO 8601 instant, e.g. 2014-03-05T10:00:00+08:00' }),
}).meta({ title: 'CaseVisit' });

/** POST /cases/{id}/escalate: the case becomes an incident; the report's fields, the plan's and reporter's are the case's. */
export const CaseEscalationBody = IncidentReportBody.pick({ category: true, place: true, description: true, severity: true })
  .partial({ description: true })
  .meta({ title: 'CaseEscalation' });

/** GET /cases: a school's cases, or only the open ones. */
export const CaseListQueryParams = query({ planId: id.optional(), open: z.string().optional() }).meta({ title: 'CaseListQuery' });
