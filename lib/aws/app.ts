import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { StageConfig } from './deployments';
import { readStagePlans } from './plans';
import { YingjiStack } from './yingji-stack';

export interface AddStagesOptions {
  /** Runs cdk-nag's AwsSolutions checks as a validation plugin at synth (on in bin/app.ts). */
  nag?: boolean;
  plansDir?: string;
}

/**
 * One stack per stage, named by the stage so that `npx cdk deploy <stage>` picks it. Shared by
 * bin/app.ts and the infra tests, so the tests check the app that is deployed.
 */
export function addStages(app: App, stages: readonly StageConfig[], options: AddStagesOptions = {}): YingjiStack[] {
  const stacks = stages.map(
    (stage) =>
      new YingjiStack(app, stage.name, {
        env: { account: stage.account, region: stage.region },
        stage,
        plans: readStagePlans(stage.plans, options.plansDir),
      }),
  );
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stacks;
}
