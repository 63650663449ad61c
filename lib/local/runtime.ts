import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mkdirSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Dependencies } from '../../functions/adapters/aws';
import type { SmsGateway } from '../../functions/core/sms';
import { DynamoDbIncidentStore } from '../../functions/adapters/dynamodb-incident-store';
import { DynamoDbPhoneStore } from '../../functions/adapters/dynamodb-phone-store';
import { DynamoDbPlanCatalog } from '../../functions/adapters/dynamodb-plan-catalog';
import { DynamoDbReportCounters } from '../../functions/adapters/dynamodb-report-counters';
import { DynamoDbCaseStore, DynamoDbDutyLogStore, DynamoDbRiskStore } from '../../functions/adapters/dynamodb-case-store';
import * as dutyLog from '../../functions/duty-log/handler';
import { DynamoDbDutyStore, DynamoDbReportStore } from '../../functions/adapters/dynamodb-report-store';
import { handoverSlots, rosterRoleHolders } from '../../functions/core/duty';
import type { ReportLimitDependencies } from '../../functions/core/incident';
import { reportSlots } from '../../functions/core/scheduled-reports';
import { caseReminderSlots } from '../../functions/core/cases';
import * as cases from '../../functions/cases/handler';
import * as remindCaseVisits from '../../functions/remind-case-visits/handler';
import * as risks from '../../functions/risks/handler';
import * as actOnScheduledReports from '../../functions/act-on-scheduled-reports/handler';
import * as dutyRoster from '../../functions/duty-roster/handler';
import * as openScheduledReports from '../../functions/open-scheduled-reports/handler';
import * as recordHandover from '../../functions/record-handover/handler';
import * as startStrandedEscalations from '../../functions/start-stranded-escalations/handler';
import * as reportLink from '../../functions/report-link/handler';
import * as scheduledReports from '../../functions/scheduled-reports/handler';
import { linksUnder, randomIds } from '../../functions/core/base';
import * as actionLink from '../../functions/action-link/handler';
import * as checkAcknowledgement from '../../functions/check-acknowledgement/handler';
import * as checkBureauReport from '../../functions/check-bureau-report/handler';
import * as getIncident from '../../functions/get-incident/handler';
import * as health from '../../functions/health/handler';
import * as incidentAction from '../../functions/incident-action/handler';
import * as listIncidents from '../../functions/list-incidents/handler';
import * as listPlans from '../../functions/list-plans/handler';
import * as me from '../../functions/me/handler';
import * as remindUnconfirmed from '../../functions/remind-unconfirmed/handler';
import * as notifyLevel from '../../functions/notify-level/handler';
import * as callUnconfirmed from '../../functions/call-unconfirmed/handler';
import * as reportLateToBureau from '../../functions/report-late-to-bureau/handler';
import * as smsDeliveryStatus from '../../functions/sms-delivery-status/handler';
import * as smsInbound from '../../functions/sms-inbound/handler';
import * as submitIncident from '../../functions/submit-incident/handler';
import * as webConsole from '../../functions/web-console/handler';
import * as writtenReport from '../../functions/written-report/handler';
import * as checkWrittenReport from '../../functions/check-written-report/handler';
import * as accountability from '../../functions/accountability/handler';
import * as periods from '../../functions/periods/handler';
import { DynamoDbCalendarStore } from '../../functions/adapters/dynamodb-calendar-store';
import { withCalendar } from '../../functions/core/periods';
import { FolderWebFiles } from '../../functions/adapters/web-files';
import { ESCALATION, SCHEDULED_REPORTS, WRITTEN_REPORTS, type ApiFunction, type WorkflowFunction } from '../catalog';
import { SpeedClock } from './clock';
import { consoleLocalRoutes, WEB_ROOT } from './console';
import { DevelopmentSignIn } from './dev-login';
import { startLocalDynamoDb } from './dynamodb';
import { createApiServer, lambdaContext, type ApiHandler, type LocalRoute } from './http';
import { LocalCallOutbox } from './calls';
import { LocalOutbox } from './outbox';
import { openApiDocument } from '../openapi';
import { receiveLocalText, reportLocalDelivery, type SmsInboundHandler } from './sms';
import { readPlanFolder } from './plans';
import { LocalScheduler } from './scheduler';
import { LocalStateMachine, type LocalTask } from './stepfunctions';
import { redact } from '../../functions/shared/redact';

export interface LocalRuntimeOptions {
  port: number;
  host?: string;
  /** How many times faster than the wall clock time passes. */
  speed: number;
  dataDir: string;
  plansDir: string;
  /** The instant a fresh runtime's clock starts at (YINGJI_START); a saved clock carries on from where it was. */
  start?: string;
  /** The school a texted report goes to when neither its sender nor its text names one. */
  smsDefaultPlanId?: string;
  /**
   * Other figures for the report limits than REPORT_RATE_LIMITS: the bench and the chaos runs post
   * thousands of reports, all from 127.0.0.1, as many clients on many addresses would.
   */
  reportLimits?: ReportLimitDependencies['reportLimits'];
  /** Sends texts instead of the outbox: the fault tests pass the SNS gateway over a failing SDK. */
  smsGateway?: SmsGateway;
  log?: (line: string) => void;
}

export interface LocalRuntime {
  url: string;
  clock: SpeedClock;
  /** The local table, for tests that check what was (not) stored. */
  dynamodb: { client: DynamoDBClient; tableName: string };
  outbox: LocalOutbox;
  /** Every call placed, in place of End User Messaging voice. */
  calls: LocalCallOutbox;
  escalation: LocalStateMachine;
  /** Waves of scheduled reports, started by `scheduler` at the plans' timetables. */
  scheduledReports: LocalStateMachine;
  scheduler: LocalScheduler;
  /** What the handlers are wired with: the chaos suite hands events to a handler directly (redelivered SNS texts). */
  dependencies: Dependencies;
  stop(): Promise<void>;
}

/**
 * The whole system on one machine: dynalite for DynamoDB, the escalation ASL run by
 * aws-local-stepfunctions, an SMS outbox for SNS, and an HTTP server for API Gateway, all calling
 * the same handlers the CDK stack deploys, wired with local adapters instead of AWS clients.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  // Every line the runtime prints (the outbox's texts, failures) masks phone numbers and link tokens.
  const print = options.log ?? console.log;
  const log = (line: string) => print(redact(line));
  // Before anything starts: an invalid plan stops the start with its problems and nothing to clean up.
  const loadedPlans = readPlanFolder(options.plansDir);
  mkdirSync(options.dataDir, { recursive: true });
  const clock = SpeedClock.start(options.dataDir, options.speed, options.start);
  if (options.start !== undefined && clock.resumed) {
    log(
      `YINGJI_START=${options.start} is ignored: the clock saved in ${options.dataDir} carries on (now ${clock.now().toISOString()}); delete that folder to start afresh at YINGJI_START`,
    );
  }
  const startedAt = clock.now();
  const db = await startLocalDynamoDb(join(options.dataDir, 'dynamodb'));
  const plans = new DynamoDbPlanCatalog(db.client, db.tableName);
  const calendar = new DynamoDbCalendarStore(db.client, db.tableName);
  for (const plan of loadedPlans) await plans.publish(plan);
  const outbox = new LocalOutbox(options.dataDir, clock, log);
  const calls = new LocalCallOutbox(options.dataDir, clock, log);

  let escalation: LocalStateMachine | undefined;
  let writtenReportWatch: LocalStateMachine | undefined;
  let smsInboundHandler: SmsInboundHandler;
  const signIn = new DevelopmentSignIn(options.dataDir, plans);
  const consoleRoutes = consoleLocalRoutes(signIn, plans);
  const localRoutes: LocalRoute = async ({ method, path, body }) => {
    if (method === 'GET' && path === '/sms/outbox') return { status: 200, body: outbox.list() };
    if (method === 'GET' && path === '/calls/outbox') return { status: 200, body: calls.list() };
    if (method === 'GET' && path === '/openapi.json') return { status: 200, body: openApiDocument() };
    if (method === 'POST' && path === '/sms/inbound') return receiveLocalText(smsInboundHandler, body);
    return consoleRoutes({ method, path, body });
  };
  const apiHandlers = {} as Record<ApiFunction, ApiHandler>;
  const server = createApiServer(apiHandlers, localRoutes, (authorization) => signIn.verify(authorization));
  const requests = new Set<Promise<void>>();
  server.on('request', (_request, response: ServerResponse) => {
    const answered = new Promise<void>((resolve) => response.once('close', () => resolve()));
    requests.add(answered);
    void answered.then(() => requests.delete(answered));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;

  const dutyStore = new DynamoDbDutyStore(db.client, db.tableName);
  const deps: Dependencies = {
    incidents: new DynamoDbIncidentStore(db.client, db.tableName),
    // Plans carry the bureau's calendar on their periods (GET|PUT /periods).
    plans: withCalendar(plans, calendar),
    calendar,
    sms: options.smsGateway ?? outbox,
    calls,
    escalations: { start: async (input) => escalation!.start(input.incidentId, input), started: async (incidentId) => escalation!.status(incidentId) !== undefined },
    writtenReports: { start: async (input) => writtenReportWatch!.start(input.incidentId, input) },
    clock,
    ids: randomIds,
    links: linksUnder(process.env.PUBLIC_BASE_URL ?? url),
    phones: new DynamoDbPhoneStore(db.client, db.tableName),
    duty: dutyStore,
    roleHolders: rosterRoleHolders(dutyStore),
    reports: new DynamoDbReportStore(db.client, db.tableName),
    cases: new DynamoDbCaseStore(db.client, db.tableName),
    risks: new DynamoDbRiskStore(db.client, db.tableName),
    dutyLog: new DynamoDbDutyLogStore(db.client, db.tableName),
    reportCounters: new DynamoDbReportCounters(db.client, db.tableName),
    smsSignature: process.env.SMS_SIGNATURE ?? '',
    smsDefaultPlanId: options.smsDefaultPlanId,
    // The local SMS simulator delivers replies, as two-way SMS does where carriers offer it.
    smsReplyCodes: true,
    webFiles: new FolderWebFiles(WEB_ROOT),
    console: { publicBaseUrl: process.env.PUBLIC_BASE_URL ?? url, signIn: { kind: 'development' }, pollSeconds: 1, smsSimulator: true },
  };
  Object.assign(apiHandlers, {
    health: health.createHandler(),
    'list-plans': listPlans.createHandler(deps),
    'submit-incident': submitIncident.createHandler({ ...deps, reportLimits: options.reportLimits }),
    'get-incident': getIncident.createHandler(deps),
    'action-link': actionLink.createHandler(deps),
    'duty-roster': dutyRoster.createHandler(deps),
    'scheduled-reports': scheduledReports.createHandler(deps),
    'report-link': reportLink.createHandler(deps),
    'list-incidents': listIncidents.createHandler(deps),
    'incident-action': incidentAction.createHandler(deps),
    me: me.createHandler(deps),
    'remind-unconfirmed': remindUnconfirmed.createHandler(deps),
    cases: cases.createHandler(deps),
    risks: risks.createHandler(deps),
    'duty-log': dutyLog.createHandler(deps),
    'web-console': webConsole.createHandler(deps),
    'written-report': writtenReport.createHandler(deps),
    accountability: accountability.createHandler(deps),
    periods: periods.createHandler(deps),
  } satisfies Record<ApiFunction, unknown>);

  smsInboundHandler = smsInbound.createHandler({ ...deps, reportLimits: options.reportLimits });
  const deliveryStatus = smsDeliveryStatus.createHandler(deps);
  outbox.reportDeliveriesTo((message, deliveredAt) => reportLocalDelivery(deliveryStatus, message, deliveredAt));

  const task =
    (name: WorkflowFunction, handler: (event: never, context: ReturnType<typeof lambdaContext>) => Promise<unknown>): LocalTask =>
    (input) =>
      handler(input as never, lambdaContext(name));
  const workflowTasks: Record<WorkflowFunction, LocalTask> = {
    'notify-level': task('notify-level', notifyLevel.createHandler(deps)),
    'call-unconfirmed': task('call-unconfirmed', callUnconfirmed.createHandler(deps)),
    'check-acknowledgement': task('check-acknowledgement', checkAcknowledgement.createHandler(deps)),
    'check-bureau-report': task('check-bureau-report', checkBureauReport.createHandler(deps)),
    'report-late-to-bureau': task('report-late-to-bureau', reportLateToBureau.createHandler(deps)),
    'open-scheduled-reports': task('open-scheduled-reports', openScheduledReports.createHandler(deps)),
    'act-on-scheduled-reports': task('act-on-scheduled-reports', actOnScheduledReports.createHandler(deps)),
    'check-written-report': task('check-written-report', checkWrittenReport.createHandler(deps)),
  };
  escalation = new LocalStateMachine(ESCALATION, workflowTasks, clock, options.dataDir, log);
  const resumed = escalation.resume();
  if (resumed > 0) log(`resumed ${resumed} escalation(s) that were running when the runtime last stopped`);
  writtenReportWatch = new LocalStateMachine(WRITTEN_REPORTS, workflowTasks, clock, options.dataDir, log);
  writtenReportWatch.resume();

  // Scheduled reports and handovers: the same timetables EventBridge Scheduler runs on AWS (lib/aws/schedules.ts).
  const waves = new LocalStateMachine(SCHEDULED_REPORTS, workflowTasks, clock, options.dataDir, log);
  const resumedWaves = waves.resume();
  if (resumedWaves > 0) log(`resumed ${resumedWaves} scheduled-report wave(s)`);
  const handover = recordHandover.createHandler(deps);
  const visitReminders = remindCaseVisits.createHandler(deps);
  const strandedSweep = startStrandedEscalations.createHandler(deps);
  const scheduler = new LocalScheduler(
    clock,
    options.dataDir,
    [
      ...reportSlots(loadedPlans).map(({ key, slot, firesAt }) => ({
        name: `scheduled reports ${key}`,
        timeZone: slot.timeZone,
        time: firesAt,
        fire: async (firedAt: Date) => waves.start(waveName(key, firedAt), { slot, firedAt: firedAt.toISOString() }),
      })),
      {
        name: 'stranded incidents',
        everyMinutes: 1,
        fire: () => strandedSweep({}, lambdaContext('start-stranded-escalations')),
      },
      ...handoverSlots(loadedPlans).map(({ timeZone, time }) => ({
        name: `handover ${timeZone} ${time}`,
        timeZone,
        time,
        fire: (firedAt: Date) => handover({ timeZone, time, firedAt: firedAt.toISOString() }, lambdaContext('record-handover')),
      })),
      ...caseReminderSlots(loadedPlans).map(({ timeZone, time }) => ({
        name: `case visit reminders ${timeZone}`,
        timeZone,
        time,
        fire: (firedAt: Date) => visitReminders({ timeZone, firedAt: firedAt.toISOString() }, lambdaContext('remind-case-visits')),
      })),
    ],
    log,
  );
  scheduler.start(startedAt);

  return {
    url,
    clock,
    dependencies: deps,
    dynamodb: { client: db.client, tableName: db.tableName },
    outbox,
    calls,
    escalation,
    scheduledReports: waves,
    scheduler,
    stop: async () => {
      // Nothing may touch the store once it closes: first no new requests, and those under way
      // answered; then no new steps, and those under way finished; then the delivery reports.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...requests]);
      server.closeAllConnections();
      await closed;
      await scheduler.stop();
      await waves.stop();
      await escalation!.stop();
      await writtenReportWatch!.stop();
      await outbox.settle();
      clock.save(options.dataDir);
      await db.stop();
    },
  };
}

/** One execution per timetable and firing, as the schedule would start it. */
export function waveName(slotKey: string, firedAt: Date): string {
  return `${slotKey.replace(/[^A-Za-z0-9]+/g, '-')}-${firedAt
    .toISOString()
    .replace(/[^0-9]/g, '')
    .slice(0, 12)}`;
}
