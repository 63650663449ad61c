/**
 * `npm start`: the whole system locally, no AWS account. Environment (README's table): PORT (3000),
 * YINGJI_SPEED (1), YINGJI_DATA_DIR (.yingji/data), YINGJI_PLANS_DIR (plans), YINGJI_START (a fresh
 * clock's first instant), YINGJI_SMS_DEFAULT_PLAN, YINGJI_REPORTS_PER_ADDRESS, PUBLIC_BASE_URL, SMS_SIGNATURE.
 */
// Handlers log JSON for CloudWatch; locally only warnings and errors are worth a line.
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
export {};

const { startLocalRuntime } = await import('../lib/local/runtime');
const { PlanFolderError } = await import('../lib/local/plans');
const { PlanFileError } = await import('../functions/core/plan');
const { REPORT_RATE_LIMITS } = await import('../functions/core/incident');

const speed = Number(process.env.YINGJI_SPEED ?? '1');
const runtime = await startLocalRuntime({
  port: Number(process.env.PORT ?? '3000'),
  speed,
  dataDir: process.env.YINGJI_DATA_DIR ?? '.yingji/data',
  plansDir: process.env.YINGJI_PLANS_DIR ?? 'plans',
  ...(process.env.YINGJI_START && { start: process.env.YINGJI_START }),
  // Plan 1's school, unless told otherwise: where a text from an unknown number that names no school goes.
  smsDefaultPlanId: process.env.YINGJI_SMS_DEFAULT_PLAN ?? 'huapu-primary',
  // Every local client is 127.0.0.1: a load or chaos run raises the per-address figure.
  ...(process.env.YINGJI_REPORTS_PER_ADDRESS && {
    reportLimits: { ...REPORT_RATE_LIMITS, source: { ...REPORT_RATE_LIMITS.source, count: Number(process.env.YINGJI_REPORTS_PER_ADDRESS) } },
  }),
}).catch((error: Error) => {
  // The plans are the user's to fix: their problems as file:line:column lines, no stack trace.
  if (!(error instanceof PlanFileError || error instanceof PlanFolderError)) throw error;
  console.error(`Yingji did not start: the plans need fixing.\n${error.message}`);
  process.exit(1);
});
console.log(`Yingji is running at ${runtime.url}${speed !== 1 ? ` (time runs ${speed}× faster)` : ''}`);
console.log(`  report:  POST ${runtime.url}/incidents   outbox: ${runtime.url}/sms/outbox`);
console.log(`  console: ${runtime.url}/ (development sign-in: any phone in the plans)   SMS simulator: ${runtime.url}/sms   report form: ${runtime.url}/report/<plan id>`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    runtime.stop().then(() => process.exit(0));
  });
}
