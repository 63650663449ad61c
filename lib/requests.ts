import * as z from 'zod';
import { BoardQueryParams, ConsoleActionBody, IncidentReportBody, PersonActionBody, RemindBody, SessionQueryParams } from '../functions/core/incident';
import { LedgerQueryParams } from '../functions/core/accountability';
import { DutyOverrideBody, RosterQueryParams } from '../functions/core/duty';
import { DutyLogEntryBody, DutyLogQueryParams } from '../functions/core/duty-log';
import { ReportByLinkBody, RollUpQueryParams, ScheduledReportBody } from '../functions/core/scheduled-reports';
import { CaseChangeBody, CaseEscalationBody, CaseListQueryParams, CaseVisitBody, OpenCaseBody } from '../functions/core/cases';
import { RiskEscalationBody, RiskReportBody, ScreeningQueryParams } from '../functions/core/risks';
import { WrittenReportAcceptance, WrittenReportEdit, WrittenReportReturn, WrittenReportSubmission } from '../functions/core/written-report';
import { CalendarBody } from '../functions/core/periods';
import type { TextMeta } from '../functions/core/base';
import type { ApiRoute } from './catalog';

/**
 * Which schema each route's body and query are read with (each feature's `requests.ts`): the same
 * objects the handlers parse with become the API Gateway models (lib/aws/api.ts) and
 * docs/openapi.json (scripts/openapi.ts). Kept apart from lib/catalog.ts, which the web console's
 * function imports and which must not carry every feature's schemas into its bundle.
 */
export interface RouteRequests {
  body?: z.ZodType;
  query?: z.ZodType;
}

export const routeKey = (route: Pick<ApiRoute, 'method' | 'path'>) => `${route.method} ${route.path}`;

export const REQUESTS: Record<string, RouteRequests> = {
  'POST /incidents': { body: IncidentReportBody },
  'POST /a/{token}': { body: PersonActionBody },
  'POST /incidents/{id}/actions': { body: ConsoleActionBody },
  'POST /incidents/{id}/remind': { body: RemindBody },
  'GET /me': { query: SessionQueryParams },
  'GET /incidents': { query: BoardQueryParams },
  'GET /duty/{planId}': { query: RosterQueryParams },
  'POST /duty/{planId}/overrides': { body: DutyOverrideBody },
  'GET /reports': { query: RollUpQueryParams },
  'POST /reports': { body: ScheduledReportBody },
  'POST /r/{token}': { body: ReportByLinkBody },
  'GET /accountability': { query: LedgerQueryParams },
  'GET /duty-log/{planId}': { query: DutyLogQueryParams },
  'POST /duty-log/{planId}': { body: DutyLogEntryBody },
  'GET /cases': { query: CaseListQueryParams },
  'POST /cases': { body: OpenCaseBody },
  'PATCH /cases/{id}': { body: CaseChangeBody },
  'POST /cases/{id}/visits': { body: CaseVisitBody },
  'POST /cases/{id}/escalate': { body: CaseEscalationBody },
  'GET /risks': { query: ScreeningQueryParams },
  'POST /risks': { body: RiskReportBody },
  'POST /risks/{id}/escalate': { body: RiskEscalationBody },
  'PUT /incidents/{id}/written-report': { body: WrittenReportEdit },
  'POST /incidents/{id}/written-report/submit': { body: WrittenReportSubmission },
  'POST /incidents/{id}/written-report/accept': { body: WrittenReportAcceptance },
  'POST /incidents/{id}/written-report/return': { body: WrittenReportReturn },
  'PUT /periods': { body: CalendarBody },
};

/**
 * JSON Schema draft 4 keywords: what API Gateway models understand ("API Gateway models must use
 * JSON schema draft 4", https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-create-model.html);
 * anything else a generator writes is dropped.
 */
const DRAFT4_KEYWORDS = new Set([
  '$schema',
  'id',
  '$ref',
  'title',
  'description',
  'default',
  'multipleOf',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'additionalItems',
  'items',
  'maxItems',
  'minItems',
  'uniqueItems',
  'maxProperties',
  'minProperties',
  'required',
  'additionalProperties',
  'definitions',
  'properties',
  'patternProperties',
  'dependencies',
  'enum',
  'type',
  'format',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
]);
/** Keywords whose value is a map of names to schemas, or a list of schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'items']);
const SCHEMA_VALUES = new Set(['not', 'items', 'additionalProperties', 'additionalItems']);

type Json = { [key: string]: unknown };

function draft4(schema: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!DRAFT4_KEYWORDS.has(key)) continue;
    if (SCHEMA_MAPS.has(key)) out[key] = Object.fromEntries(Object.entries(value as Record<string, Json>).map(([name, inner]) => [name, draft4(inner)]));
    else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) out[key] = value.map((inner) => draft4(inner as Json));
    else if (SCHEMA_VALUES.has(key) && typeof value === 'object' && value !== null) out[key] = draft4(value as Json);
    else out[key] = value;
  }
  return out;
}

/**
 * A request schema as JSON Schema. Texts are limited in characters (code points, `TextMeta`); JSON
 * Schema's maxLength counts the same, but API Gateway's validator may count UTF-16 units, where an
 * emoji is two, so its models get twice the cap: the gateway never refuses what the handler takes.
 */
export function jsonSchemaOf(schema: z.ZodType, target: 'api-gateway' | 'openapi'): Json {
  const generated = z.toJSONSchema(schema, {
    target: target === 'api-gateway' ? 'draft-04' : 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      const { maxChars } = (z.globalRegistry.get(zodSchema) ?? {}) as TextMeta;
      delete (jsonSchema as Json).maxChars;
      if (maxChars !== undefined) jsonSchema.maxLength = target === 'api-gateway' ? 2 * maxChars : maxChars;
    },
  }) as Json;
  // A body that is one of several objects (a cover or a swap) is still an object, whichever.
  const branches = generated.anyOf as Json[] | undefined;
  if (branches?.every((branch) => branch.type === 'object')) generated.type = 'object';
  return target === 'api-gateway' ? draft4(generated) : generated;
}
