import { z } from 'zod';
import { defineRpc } from './define-rpc.js';

const appName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a DNS-1123 label (lowercase letters, digits, -, at most 63)');

export const appRevisionDto = z.object({
  app: z.string(),
  revision: z.number().int(),
  contentHash: z.string(),
  author: z.string(),
  createdAt: z.string(),
  componentCount: z.number().int(),
  /** The Application as stored (JSON form). */
  application: z.record(z.string(), z.unknown()).optional(),
});
export type AppRevisionDto = z.output<typeof appRevisionDto>;

export const appSummaryDto = z.object({
  app: z.string(),
  latestRevision: z.number().int(),
  updatedAt: z.string(),
});

export const putAppRpc = defineRpc(
  'deployment',
  'put-app',
  z.object({
    app: appName,
    /** The raw document as the user sent it, so errors can carry line/column. */
    text: z.string(),
    format: z.enum(['yaml', 'json']),
    author: z.string().default('anonymous'),
  }),
  appRevisionDto.extend({ created: z.boolean() }),
);

export const validateAppRpc = defineRpc(
  'deployment',
  'validate-app',
  z.object({ app: appName, text: z.string(), format: z.enum(['yaml', 'json']) }),
  z.object({
    valid: z.literal(true),
    componentCount: z.number().int(),
    /** Nodes of the deployment DAG the Application would produce today. */
    nodeCount: z.number().int().optional(),
    /** Plugin versions it would resolve today (`component/process` → `1.0.0`). */
    plugins: z.record(z.string(), z.string()).optional(),
  }),
);

export const getAppRpc = defineRpc('deployment', 'get-app', z.object({ app: appName }), appRevisionDto);

export const listAppsRpc = defineRpc(
  'deployment',
  'list-apps',
  z.object({ limit: z.number().int().min(1).max(500).default(50), cursor: z.string().optional() }),
  z.object({ items: z.array(appSummaryDto), nextCursor: z.string().optional() }),
);

export const listAppRevisionsRpc = defineRpc(
  'deployment',
  'list-app-revisions',
  z.object({ app: appName, limit: z.number().int().min(1).max(500).default(50), cursor: z.string().optional() }),
  z.object({ items: z.array(appRevisionDto), nextCursor: z.string().optional() }),
);
