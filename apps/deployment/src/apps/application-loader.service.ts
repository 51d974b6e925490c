import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type ErrorDetail } from '@appmanager/contracts';
import { buildDeploymentDag, parseApplicationText, validateApplication, type Application, type Dag, type SourceMap } from '@appmanager/oam';
import { PluginCatalogService } from '../plugins/plugin-catalog.service.js';

export interface LoadedApplication {
  application: Application;
  dag: Dag;
  /** Plugin versions the DAG resolved today (`component/process` → `1.0.0`). */
  pluginVersions: Record<string, string>;
  contentHash: string;
}

/**
 * Parse → validate against the plugin catalog → build the DAG: every error of the
 * document at once (unknown types, traits that do not apply, unknown outputs,
 * duplicate names, cycles naming the cycle, too many components), each with its path
 * and, for YAML, line and column. Used by PUT, validate and deploy alike.
 */
@Injectable()
export class ApplicationLoader {
  constructor(@Inject(PluginCatalogService) private readonly catalogs: PluginCatalogService) {}

  async fromText(app: string, text: string, format: 'yaml' | 'json'): Promise<LoadedApplication> {
    const parsed = parseApplicationText(text, format);
    if (!parsed.ok) {
      throw new DomainError(parsed.tooLarge ? 'payload_too_large' : 'validation_failed', parsed.errors[0]!.message, parsed.errors);
    }
    const extra: ErrorDetail[] = [];
    const name = (parsed.document as { metadata?: { name?: unknown } }).metadata?.name;
    if (name !== undefined && name !== app) {
      const at = parsed.sourceMap.locate('metadata.name');
      extra.push({ path: 'metadata.name', message: `must match the app in the URL (${app})`, ...(at ? { line: at.line, column: at.column } : {}) });
    }
    return this.fromDocument(app, parsed.document, extra, parsed.sourceMap);
  }

  /** A stored revision's document, checked again against today's plugins before a deploy. */
  fromStored(app: string, document: unknown): Promise<LoadedApplication> {
    return this.fromDocument(app, document, []);
  }

  private async fromDocument(app: string, document: unknown, extra: ErrorDetail[], sourceMap?: SourceMap): Promise<LoadedApplication> {
    const { catalog, versions } = await this.catalogs.forDocument(document);
    const result = validateApplication(document, catalog, sourceMap);
    const errors = [...extra, ...(result.ok ? [] : result.errors)];
    if (!result.ok || errors.length > 0) throw new DomainError('validation_failed', `the application has ${errors.length} error(s)`, errors);
    const application: Application = { ...result.application, metadata: { ...result.application.metadata, name: app } };
    const dag = buildDeploymentDag(application, catalog);
    const used = new Set(dag.nodes.filter((n) => n.plugin).map((n) => `${n.kind === 'component' ? 'component' : 'trait'}/${n.plugin!.name}`));
    const pluginVersions = Object.fromEntries(Object.entries(versions).filter(([key]) => used.has(key)));
    const contentHash = createHash('sha256').update(canonicalJson(application)).digest('hex');
    return { application, dag, pluginVersions, contentHash };
  }
}

/** JSON with object keys sorted, so the same Application always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
