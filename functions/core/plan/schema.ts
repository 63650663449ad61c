import { IANAZone } from 'luxon';
import * as z from 'zod';
import { callAfter, DURATION_PATTERN, E164_PATTERN, KEBAB_ID, landlineSchema, quietHoursSchema, TIME_OF_DAY } from './fields';

/**
 * The plan file format, defined once: the TypeScript type (`PlanFile`), the structural validation
 * and the JSON Schema for editors (`plans/plan.schema.json`, `npx yingji plan schema --write`) all
 * come from here. What needs the whole plan to check (a role nobody holds, deadlines that run
 * backwards, two people with one phone) is in ./meaning.ts.
 *
 * No transforms: the file is described as written, and ../plan-file.ts turns it into the runtime
 * Plan, so the JSON Schema says exactly what an editor should accept.
 */

const id = (what: string) => z.string().regex(KEBAB_ID, { error: `${what} must be short English kebab-case, like fire or collective-petition` });

const duration = (what: string) =>
  z
    .string()
    .regex(DURATION_PATTERN, { error: `${what} must be a duration like 0m, 10m, 2h or 1d, counted from the report` })
    .meta({ examples: ['10m', '2h', '1d'] });

const roleList = (what: string) =>
  z
    .array(id('a role id'))
    .min(1, { error: `${what} names no role` })
    .meta({ description: `${what}: role ids declared under \`roles\`; everyone holding one of them is meant.` });

const localDate = z.iso.date({ error: 'a date must be written YYYY-MM-DD, e.g. 2014-03-03' });

export const severitySchema = z.enum(['general', 'major', 'especially-major']).meta({
  description: 'general 一般 · major 重大 · especially-major 特大',
});

const superiorSchema = z
  .strictObject({
    id: id('a superior id'),
    name: z.string().min(1).meta({ description: 'In the plan language: 银海区教育局, 昌平区教委, 镇中心小学, 昌平公安分局内保处.' }),
    kind: z.enum(['education-bureau', 'district-committee', 'central-school', 'police', 'government']).meta({
      description: 'education-bureau 区教育局 · district-committee 区教委 · central-school 镇中心小学 · police 公安(内保处) · government 区委区政府、街道上级',
    }),
  })
  .meta({ description: 'A unit the organisation reports to.' });

const personSchema = z
  .strictObject({
    id: id('a person id'),
    name: z.string().min(1).meta({ description: 'A name from the plan, or a post ("值班领导") where the plan names nobody.' }),
    phone: z
      .string()
      .regex(E164_PATTERN, { error: 'a phone must be in E.164 form: + country code and number, no spaces, e.g. +8613800000101' })
      .optional()
      .meta({ description: 'E.164 mobile number, in quotes: "+8613800000101". Texted, and called when a text goes unconfirmed. A person needs a phone, a landline or both.' }),
    landline: landlineSchema,
    roles: z.array(id('a role id')).min(1, { error: 'a person needs at least one role' }),
    unit: id('a unit id').optional().meta({ description: 'The superior (id under organisation.superiors) this person works for.' }),
  })
  .meta({ description: 'Someone who can be texted; one person may hold several roles.' });

const chainRefSchema = z
  .union([
    id('a chain id'),
    z.strictObject({
      general: id('a chain id'),
      major: id('a chain id').optional(),
      'especially-major': id('a chain id').optional(),
    }),
  ])
  .meta({
    description: 'The chain id, or one per severity: { general: x, major: y }. A severity without its own chain runs the next lower one.',
  });

const categorySchema = z
  .strictObject({
    id: id('a category id'),
    name: z.string().min(1).meta({ description: 'In the plan language: 火灾, 集体上访.' }),
    kind: z.enum(['safety', 'stability']).meta({ description: 'safety 安全事故 · stability 涉稳/敏感事件、信访' }),
    chain: chainRefSchema,
    severity: severitySchema.optional().meta({ description: 'The severity when the reporter names none; general by default.' }),
    emergencyNumber: z
      .string()
      .regex(/^\d{3,8}$/, { error: 'an emergency number is digits only, in quotes, e.g. "119"' })
      .optional()
      .meta({ description: '119 fire · 110 police · 120 ambulance · 122 traffic' }),
  })
  .meta({ description: 'A kind of incident people can report.' });

const levelSchema = z.strictObject({
  notify: roleList('a level'),
  within: duration('a level deadline').meta({
    description: 'Someone at this level must acknowledge within this time of the report, else the next level is texted.',
  }),
  callAfter: callAfter('this level'),
});

const reportMeans = z.enum(['phone', 'fax', 'sms', 'written', 'in-person']);

const writtenReportSchema = z
  .strictObject({
    to: roleList('a written report'),
    within: duration('a written report deadline').optional().meta({ description: 'Counted from closing the incident.' }),
  })
  .meta({ description: 'The written report after handling (书面报告).' });

const chainSchema = z
  .strictObject({
    name: z.string().optional(),
    immediately: roleList('immediately').optional().meta({ description: 'Roles texted the moment an incident is reported, for information (第一时间).' }),
    levels: z.array(levelSchema).min(1, { error: 'a chain needs at least one level' }),
    canAcknowledge: roleList('canAcknowledge').optional().meta({
      description:
        "Roles besides the levels' whose acknowledgement stops escalation. Nobody else can stop it: people told immediately or for information record 已阅 (received) only.",
    }),
    callAfter: callAfter('every level of the chain that sets none'),
    repeat: z
      .strictObject({
        times: z.int().min(1).max(10),
        every: duration('repeat.every'),
      })
      .optional()
      .meta({ description: 'Text the top level again this many times, this often, while nobody acknowledges.' }),
    reportToSuperior: z.strictObject({
      to: roleList('reportToSuperior.to'),
      within: duration('the report deadline'),
      by: roleList('reportToSuperior.by').optional().meta({ description: 'Who must make the report (plan 1: the principal).' }),
      means: z.array(reportMeans).min(1).optional(),
    }),
    writtenReport: writtenReportSchema.optional(),
  })
  .meta({ description: 'Who is told, in turn, and by when.' });

const periodSchema = z
  .strictObject({
    id: id('a period id'),
    name: z.string().min(1),
    from: localDate,
    to: localDate,
    duty: z
      .strictObject({
        roundTheClock: z.boolean().optional().meta({ description: '24小时值班' }),
        phonesOn: roleList('duty.phonesOn').optional().meta({ description: '必须保持24时开机' }),
        roster: roleList('duty.roster').optional().meta({ description: 'Roles that take turns on duty.' }),
      })
      .optional(),
  })
  .meta({ description: 'A sensitive period (两会, 春节) with heightened duty; local dates, inclusive.' });

const timeOfDay = (what: string) => z.string().regex(TIME_OF_DAY, { error: `${what} is a time of day HH:mm, 00:00 to 23:59, in quotes: "08:00"` });

const shiftSchema = z
  .strictObject({
    id: id('a shift id'),
    name: z.string().min(1).optional().meta({ description: '白班, 夜班, 24小时班' }),
    starts: timeOfDay('starts').meta({ description: 'Local time the shift starts and is handed over, "HH:mm".' }),
    ends: timeOfDay('ends').meta({
      description: 'Local time it ends, "HH:mm": earlier than starts runs past midnight (20:00 to 08:00); equal to starts is a 24-hour shift.',
    }),
    rota: z
      .strictObject({
        start: localDate.meta({ description: "Local date of the first person's first shift." }),
        people: z.array(id('a person id')).min(1, { error: 'a rota needs at least one person' }).meta({ description: 'Person ids, in turn.' }),
        every: z.enum(['day', 'week']).optional().meta({ description: 'How long each person keeps the shift before the next takes it; day by default.' }),
      })
      .meta({ description: 'Who takes the shift: the people in turn, the first on start.' }),
  })
  .meta({ description: 'A shift of the duty roster, in the plan time zone.' });

const dutySchema = z
  .strictObject({
    role: id('the duty role').meta({
      description: 'The role the roster decides (duty-officer, 值班负责人): chains and scheduled reports that name it text whoever is on shift at that moment.',
    }),
    during: id('a period id')
      .optional()
      .meta({ description: 'The roster runs only in this period; outside it the role is held as people says. Without it the roster always runs.' }),
    leads: roleList('duty.leads').optional().meta({ description: 'Roles whose holders may swap and cover shifts (POST /duty/{planId}/overrides).' }),
    shifts: z.array(shiftSchema).min(1, { error: 'a roster needs at least one shift' }),
  })
  .meta({ description: 'The duty roster (值班表): who holds the duty role when.' });

const scheduledReportSchema = z
  .strictObject({
    id: id('a scheduled report id'),
    name: z.string().min(1),
    kind: z.enum(['zero-report', 'all-clear', 'inspection', 'safety-check', 'dispute-screening']).meta({
      description: 'zero-report 零报告 · all-clear 报平安 · inspection 月检查 · safety-check 季度安全检查 · dispute-screening 矛盾纠纷日排查',
    }),
    every: z.enum(['day', 'week', 'month', 'quarter']),
    at: z.string().regex(TIME_OF_DAY, { error: 'a time of day is HH:mm, 00:00 to 23:59, in quotes: "03:00"' }).meta({ description: 'Local time it is due, "HH:mm".' }),
    weekday: z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']).optional().meta({ description: 'For every: week.' }),
    day: z
      .union([z.int().min(1).max(31), z.literal('last')])
      .optional()
      .meta({ description: "For month (day of the month) and quarter (day of the quarter's last month); last by default." }),
    during: id('a period id').optional().meta({ description: 'Only while this period runs.' }),
    from: roleList('from').meta({ description: 'Who submits it.' }),
    to: roleList('to').meta({ description: 'Who it goes to.' }),
    ifLate: z
      .array(z.strictObject({ notify: roleList('ifLate.notify'), after: duration('ifLate.after') }))
      .min(1, { error: 'say who is chased when the report is late' })
      .meta({ description: 'Who is texted when it has not come in, counted from the due time.' }),
    remindBefore: duration('remindBefore')
      .optional()
      .meta({ description: 'How long before the due time those who submit it are texted a reminder; 0m for none; 30m when absent.' }),
    checklist: z.array(z.string().min(1)).min(1).optional(),
  })
  .meta({ description: 'A report due on a schedule whether or not anything happened.' });

const caseSchema = z
  .strictObject({
    id: id('a case id'),
    name: z.string().min(1),
    owners: roleList('owners').meta({ description: 'The case team (包案小组).' }),
    contactEvery: duration('contactEvery').optional().meta({ description: 'How often the team visits or calls (约访、下访).' }),
  })
  .meta({ description: 'Case ownership (包案) of a petitioner.' });

export const planFileSchema = z
  .strictObject({
    id: id('the plan id'),
    name: z.string().min(1),
    language: z.enum(['zh-CN', 'en']),
    timeZone: z.string().refine(isTimeZone, { error: 'not an IANA time zone; write it like Asia/Shanghai' }).meta({ description: 'IANA time zone: Asia/Shanghai.' }),
    source: z
      .strictObject({ title: z.string().min(1), date: localDate.optional() })
      .optional()
      .meta({ description: 'The document this plan is written from.' }),
    organisation: z.strictObject({
      id: id('the organisation id'),
      name: z.string().min(1),
      shortName: z.string().min(2).max(8).optional().meta({ description: 'The short name (简称) alerts use when the full name does not fit one SMS segment: 花铺小学.' }),
      superiors: z
        .array(superiorSchema)
        .min(1, { error: 'name at least one superior (the bureau the school reports to)' })
        .meta({ description: 'The first is the main superior, the one that receives reports.' }),
    }),
    roles: z.record(id('a role id'), z.string().min(1)).meta({ description: 'Every role the plan uses, with its name in the plan language: principal: 校长.' }),
    people: z.array(personSchema).min(1, { error: 'a plan needs people to text' }),
    categories: z.array(categorySchema).min(1, { error: 'a plan needs at least one incident category' }),
    chains: z.record(id('a chain id'), chainSchema),
    reportContent: z
      .array(z.enum(['time', 'place', 'situation', 'casualties', 'cause', 'measures']))
      .min(1)
      .optional()
      .meta({ description: 'What every report must say (时间、地点、具体情况).' }),
    periods: z.array(periodSchema).optional(),
    duty: dutySchema.optional(),
    scheduledReports: z.array(scheduledReportSchema).optional(),
    afterAction: z
      .strictObject({
        writtenReport: writtenReportSchema.optional(),
        accountability: z.array(z.string().min(1)).min(1).optional().meta({ description: '隐瞒、缓报、谎报 ...' }),
      })
      .optional(),
    cases: z.array(caseSchema).optional(),
    quietHours: quietHoursSchema,
  })
  .meta({
    title: 'Yingji contingency plan (应急预案)',
    description: 'A school contingency plan the system runs: who is texted, in which order, by when.',
  });

export type PlanFile = z.infer<typeof planFileSchema>;
export type ChainFile = PlanFile['chains'][string];

export function isTimeZone(name: string): boolean {
  return IANAZone.isValidZone(name);
}

/** The JSON Schema editors use (yaml-language-server: `# yaml-language-server: $schema=./plan.schema.json`). */
export function planJsonSchema(): unknown {
  // Draft 7: the draft yaml-language-server (VS Code's YAML extension) supports fully.
  return z.toJSONSchema(planFileSchema, { io: 'input', target: 'draft-7' });
}
