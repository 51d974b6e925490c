import type { AppInstanceDto, AppInstanceSummaryDto, ComponentInstanceDto, InstanceHealth, InstanceMode } from '@appmanager/contracts';
import type { AppInstanceEntity, ComponentInstanceEntity, HealthChangeEntity } from '@appmanager/persistence';

export function componentView(c: ComponentInstanceEntity): ComponentInstanceDto {
  return {
    id: c.id,
    component: c.component,
    plugin: { name: c.pluginName, version: c.pluginVersion },
    revision: c.revision,
    orderId: c.orderId,
    outputs: c.outputs,
    health: c.health as InstanceHealth,
    message: c.message,
    mode: c.mode as InstanceMode,
    checks: c.checks,
    lastCheckAt: c.lastCheckAt?.toISOString() ?? null,
    healthChangedAt: c.healthChangedAt.toISOString(),
  };
}

export function appSummaryView(a: AppInstanceEntity): AppInstanceSummaryDto {
  return {
    id: a.id,
    app: a.app,
    cluster: a.cluster,
    namespace: a.namespace,
    stage: a.stage,
    revision: a.revision,
    health: a.health as InstanceHealth,
    message: a.message,
    componentCount: a.componentCount,
    healthChangedAt: a.healthChangedAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

export function appView(a: AppInstanceEntity, components: ComponentInstanceEntity[]): AppInstanceDto {
  return { ...appSummaryView(a), components: components.map(componentView) };
}

export function historyView(h: HealthChangeEntity) {
  return {
    scope: h.scope as 'component' | 'app',
    instanceId: h.instanceId,
    component: h.component,
    health: h.health as InstanceHealth,
    previousHealth: (h.previousHealth as InstanceHealth | null) ?? null,
    message: h.message,
    at: h.at.toISOString(),
  };
}
