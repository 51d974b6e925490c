export { metrics, type ServiceMetrics } from './service-metrics.js';
