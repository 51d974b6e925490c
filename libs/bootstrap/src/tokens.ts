/** Injection tokens for the infrastructure every service shares (interfaces need explicit tokens). */
export const CONFIG = Symbol('CONFIG');
export const SERVICE_NAME = Symbol('SERVICE_NAME');
export const DATABASE = Symbol('DATABASE');
export const NATS = Symbol('NATS');
export const RPC_SERVER = Symbol('RPC_SERVER');
export const RPC_CLIENT = Symbol('RPC_CLIENT');
export const EVENT_BUS = Symbol('EVENT_BUS');
export const OBJECT_STORE = Symbol('OBJECT_STORE');
export const PROCESSED_EVENTS = Symbol('PROCESSED_EVENTS');
