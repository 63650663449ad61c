#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { resolve } from 'node:path';
import { addStages } from '../lib/aws/app';
import { DEPLOYMENTS_FILE, loadDeployments } from '../lib/aws/deployments';

/**
 * The CDK app: one stack per stage in deployments.yaml (or the file given with
 * `-c deployments=<file>`). `npx cdk synth --all` builds them all; `npx cdk deploy <stage>` ships one.
 */
const app = new App();
const file = app.node.tryGetContext('deployments') as string | undefined;
addStages(app, loadDeployments(file ? resolve(file) : DEPLOYMENTS_FILE), { nag: true });
app.synth();
