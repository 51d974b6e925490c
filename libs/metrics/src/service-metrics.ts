import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The metrics every service exposes at /metrics. One registry per process, created
 * lazily; the names follow Prometheus conventions and are the same in every service so
 * one dashboard covers them all (the `service` label tells them apart).
 */
export interface ServiceMetrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  natsRequests: Counter<'subject' | 'outcome'>;
  natsDuration: Histogram<'subject' | 'outcome'>;
  jobs: Counter<'queue' | 'outcome'>;
  jobDuration: Histogram<'queue' | 'outcome'>;
  events: Counter<'subject' | 'direction' | 'outcome'>;
}

const latencyBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
let instance: ServiceMetrics | undefined;

export function metrics(service = 'appmanager'): ServiceMetrics {
  if (instance) return instance;
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  instance = {
    registry,
    httpRequests: new Counter({ name: 'appmanager_http_requests_total', help: 'HTTP requests served', labelNames: ['method', 'route', 'status'], registers }),
    httpDuration: new Histogram({ name: 'appmanager_http_request_duration_seconds', help: 'HTTP request latency', labelNames: ['method', 'route', 'status'], buckets: latencyBuckets, registers }),
    natsRequests: new Counter({ name: 'appmanager_nats_requests_total', help: 'NATS requests handled', labelNames: ['subject', 'outcome'], registers }),
    natsDuration: new Histogram({ name: 'appmanager_nats_request_duration_seconds', help: 'NATS request handling latency', labelNames: ['subject', 'outcome'], buckets: latencyBuckets, registers }),
    jobs: new Counter({ name: 'appmanager_jobs_total', help: 'BullMQ jobs processed', labelNames: ['queue', 'outcome'], registers }),
    jobDuration: new Histogram({ name: 'appmanager_job_duration_seconds', help: 'BullMQ job processing time', labelNames: ['queue', 'outcome'], buckets: latencyBuckets, registers }),
    events: new Counter({ name: 'appmanager_events_total', help: 'JetStream events published or consumed', labelNames: ['subject', 'direction', 'outcome'], registers }),
  };
  return instance;
}
