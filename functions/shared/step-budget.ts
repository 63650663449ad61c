import type { StepBudget } from '../core/base';

/**
 * A workflow step's time, nested so that Step Functions never retries a step that is still running
 * (which is how texts were doubled): the step's own budget < middy's early timeout < the Lambda
 * timeout < the Task's TimeoutSeconds in the ASL. A unit test checks the chain against every Task.
 */
export const WORKFLOW_LAMBDA_TIMEOUT_SECONDS = 30;
/** middy answers with a TimeoutError this long before Lambda would stop the function. */
export const MIDDY_TIMEOUT_EARLY_MS = 5_000;
/** The step stops claiming new texts after this; recording what it published may take 3 s more. */
export const STEP_BUDGET_MS = 20_000;
/** Every Task state in statemachines/ has this TimeoutSeconds. */
export const TASK_TIMEOUT_SECONDS = 60;

/** The budget of one invocation: STEP_BUDGET_MS, or less when Lambda gives the invocation less time. */
export function stepBudget(context: { getRemainingTimeInMillis?: () => number } | undefined, now: () => number = () => performance.now()): StepBudget {
  const remaining = context?.getRemainingTimeInMillis?.() ?? WORKFLOW_LAMBDA_TIMEOUT_SECONDS * 1000;
  // Keep the same distance to the end of the invocation as a full one has (10 s).
  const ends = now() + Math.min(STEP_BUDGET_MS, remaining - (WORKFLOW_LAMBDA_TIMEOUT_SECONDS * 1000 - STEP_BUDGET_MS));
  return { left: () => ends - now() };
}
