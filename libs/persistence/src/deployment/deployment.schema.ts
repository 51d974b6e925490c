import type { ServiceSchema } from '../data-source/create-service-data-source.js';
import { ProcessedEventEntity } from '../common/processed-event.entity.js';
import { AppRevisionEntity } from './app-revision.entity.js';
import { DeployOrderEntity } from './deploy-order.entity.js';
import { NodeOrderEntity } from './node-order.entity.js';
import { InitDeployment1767000000001 } from './migrations/1767000000001-init-deployment.js';
import { DeploymentEngine1767000000002 } from './migrations/1767000000002-deployment-engine.js';
import { OrderPackageVersion1767000000003 } from './migrations/1767000000003-order-package-version.js';
import { NodeSucceedProcedure1767000000004 } from './migrations/1767000000004-node-succeed-procedure.js';
import { NodeSucceedAndStart1767000000005 } from './migrations/1767000000005-node-succeed-and-start.js';
import { BatchedClaimAndSucceed1767000000007 } from './migrations/1767000000007-batched-claim-and-succeed.js';
import { LeanBatchProcedures1767000000008 } from './migrations/1767000000008-lean-batch-procedures.js';

export const deploymentSchema: ServiceSchema = {
  service: 'deployment',
  entities: [AppRevisionEntity, DeployOrderEntity, NodeOrderEntity, ProcessedEventEntity],
  migrations: [InitDeployment1767000000001, DeploymentEngine1767000000002, OrderPackageVersion1767000000003, NodeSucceedProcedure1767000000004, NodeSucceedAndStart1767000000005, BatchedClaimAndSucceed1767000000007, LeanBatchProcedures1767000000008],
};
