import { pluginGlobalName } from '../compile/compile-plugin.js';

/** Script names inside the isolate; stack frames are mapped (bundle) or dropped (bootstrap) by them. */
export const bundleFileName = 'plugin-bundle.js';
export const bootstrapFileName = 'appmanager-bootstrap.js';

/**
 * Replies from the guest dispatcher are strings whose first character says what follows,
 * so the hot path moves one string each way and never a structured copy:
 *   r<json> result · u  undefined · p  pending (await `settle`) · e<json> thrown error ·
 *   d<json> capability denied · x<json> result not serialisable · m  no such method.
 */
export const replyTag = { result: 'r', undefined: 'u', pending: 'p', error: 'e', denied: 'd', unserialisable: 'x', noMethod: 'm' } as const;

/**
 * Guest half of the sandbox, evaluated in every fresh context before the plugin bundle.
 * It is one function expression: the host applies it to the host callbacks and gets back
 * `{ bind, call, deliver, settle }`. The callbacks live only in this closure — nothing is put on
 * the global object, so plugin code can reach the host solely through the `ctx` it is
 * handed, and every value crossing is a string or number (JSON both ways).
 */
export const guestBootstrapSource = `(function bootstrap(hostLog, hostStart, pluginJson, declaredJson) {
  'use strict';
  const stringify = JSON.stringify, parse = JSON.parse, apply = Reflect.apply;
  const defineProperty = Object.defineProperty, freeze = Object.freeze;
  const ArrayIsArray = Array.isArray, MapCtor = Map, SetCtor = Set, PromiseResolve = Promise.resolve.bind(Promise);
  const pluginInfo = freeze(parse(pluginJson));
  const declared = parse(declaredJson);
  const ctxKey = { kubernetes: 'kubernetes', http: 'http', 'local-processes': 'processes', artifacts: 'artifacts' };
  const capMethods = {
    kubernetes: ['apply', 'get', 'delete'],
    http: ['fetch'],
    'local-processes': ['start', 'status', 'stop', 'logs'],
    artifacts: ['get', 'put'],
  };
  const pending = new MapCtor();
  let target;

  // Host work that takes time (sleep, capabilities) is started with a fire-and-forget
  // callback and answered later through \`deliver\`, so only strings ever cross.
  const waiting = new MapCtor();
  let lastRequest = 0;
  function hostAsync(op, callId, a, b, c) {
    const request = ++lastRequest;
    return new Promise((resolve) => {
      waiting.set(request, resolve);
      hostStart(request, op, callId, a, b, c);
    });
  }

  class CapabilityDenied extends Error {
    constructor(capability, message) { super(message); this.name = 'CapabilityDeniedError'; this.capability = capability; }
  }

  // A fresh ctx per call. The call id is private: a plugin cannot forge another call's.
  class PluginCtx {
    #callId;
    constructor(callId, deadline, capabilities) {
      this.#callId = callId;
      this.plugin = pluginInfo;
      this.deadline = deadline;
      this.capabilities = capabilities;
    }
    // log and sleep are built on first use: most calls never touch them.
    get log() {
      const id = this.#callId;
      const line = (level) => (message, fields) => hostLog(id, level, String(message), fields === undefined ? '' : safeJson(fields));
      const log = freeze({ debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') });
      defineProperty(this, 'log', { value: log, enumerable: true });
      return log;
    }
    get sleep() {
      const id = this.#callId;
      const sleep = (ms) => hostAsync('sleep', id, Number(ms) || 0, '', '').then(() => undefined);
      defineProperty(this, 'sleep', { value: sleep, enumerable: true });
      return sleep;
    }
    static grant(ctx, cap) {
      defineProperty(ctx, ctxKey[cap], { value: capabilityObject(ctx.#callId, cap), enumerable: true });
    }
  }
  // Capabilities this call may not use throw when touched, naming the capability.
  for (const cap of Object.keys(ctxKey)) {
    defineProperty(PluginCtx.prototype, ctxKey[cap], {
      configurable: true,
      get() {
        throw new CapabilityDenied(cap, declared.includes(cap)
          ? "capability '" + cap + "' was not granted for this call"
          : "capability '" + cap + "' is not declared in the plugin manifest");
      },
    });
  }
  const grantLists = new MapCtor([['', freeze([])]]);

  function safeJson(value) {
    try { return stringify(value) ?? ''; } catch { return stringify({ unserialisable: String(value) }); }
  }

  function capabilityObject(callId, cap) {
    const object = {};
    for (const method of capMethods[cap]) {
      object[method] = async (...args) => {
        const reply = parse(await hostAsync('capability', callId, cap, method, stringify(args)));
        if (reply.denied) throw new CapabilityDenied(cap, reply.error);
        if (reply.error !== undefined) throw new Error(reply.error);
        return reply.value;
      };
    }
    return freeze(object);
  }

  function makeCtx(callId, deadline, granted) {
    let caps = grantLists.get(granted);
    if (caps === undefined) grantLists.set(granted, (caps = freeze(granted.split(','))));
    const ctx = new PluginCtx(callId, deadline, caps);
    for (let i = 0; i < caps.length; i++) PluginCtx.grant(ctx, caps[i]);
    return ctx;
  }

  function strict(key, value) {
    const type = typeof value;
    if (type === 'function' || type === 'symbol' || value instanceof MapCtor || value instanceof SetCtor) {
      throw new TypeError('a ' + (type === 'object' ? value.constructor.name : type) + (key === '' ? '' : " at key '" + key + "'") + ' is not JSON');
    }
    return value;
  }

  function encodeResult(value) {
    if (value === undefined) return 'u';
    const type = typeof value;
    // Plain primitives skip the replacer (it turns off V8's fast stringify path).
    if (value === null || type === 'string' || type === 'number' || type === 'boolean') return 'r' + stringify(value);
    try { return 'r' + stringify(value, strict); }
    catch (error) { return 'x' + stringify({ message: String(error && error.message) }); }
  }

  function encodeError(error) {
    try {
      if (error instanceof CapabilityDenied) return 'd' + stringify({ capability: error.capability, message: error.message });
      if (error instanceof Error) {
        return 'e' + stringify({ name: String(error.name), message: String(error.message), stack: String(error.stack) });
      }
      let shown;
      try { shown = stringify(error); } catch { shown = undefined; }
      return 'e' + stringify({ nonError: true, message: 'threw a non-Error value: ' + (shown ?? String(error)) });
    } catch {
      return 'e' + stringify({ nonError: true, message: 'threw a value that cannot be described' });
    }
  }

  // Reused for top-level methods: the hot path allocates no pair per call.
  const ownMethod = [undefined, undefined];
  const hasOwn = Object.hasOwn;
  function resolveMethod(method) {
    if (hasOwn(target, method)) {
      const fn = target[method];
      return typeof fn === 'function' ? (ownMethod[1] = fn, ownMethod) : undefined;
    }
    if (!method.includes('.')) return undefined;
    let self = target, fn = target;
    for (const part of method.split('.')) {
      if (fn === null || (typeof fn !== 'object' && typeof fn !== 'function') || !Object.hasOwn(fn, part)) return undefined;
      self = fn;
      fn = fn[part];
    }
    return typeof fn === 'function' ? [self, fn] : undefined;
  }

  return freeze({
    bind() {
      const ns = globalThis[${JSON.stringify(pluginGlobalName)}];
      const exported = ns && typeof ns === 'object' && ns.default !== undefined ? ns.default : ns;
      if (exported === null || typeof exported !== 'object') throw new Error('the plugin entry exports no plugin object (export default define…({ … }))');
      target = exported;
      ownMethod[0] = target;
      const names = [];
      for (const key of Object.keys(target)) {
        if (typeof target[key] === 'function') names.push(key);
        else if (target[key] && typeof target[key] === 'object') {
          for (const inner of Object.keys(target[key])) if (typeof target[key][inner] === 'function') names.push(key + '.' + inner);
        }
      }
      return stringify(names);
    },
    call(method, argsJson, callId, deadline, granted) {
      try {
        const found = resolveMethod(method);
        if (found === undefined) return 'm';
        const args = parse(argsJson);
        const callArgs = ArrayIsArray(args) ? args : [];
        callArgs.unshift(makeCtx(callId, deadline, granted));
        const result = apply(found[1], found[0], callArgs);
        if (result !== null && typeof result === 'object' && typeof result.then === 'function') {
          pending.set(callId, PromiseResolve(result).then(encodeResult, encodeError));
          return 'p';
        }
        return encodeResult(result);
      } catch (error) {
        return encodeError(error);
      }
    },
    deliver(request, reply) {
      const resolve = waiting.get(request);
      waiting.delete(request);
      if (resolve) resolve(reply);
    },
    settle(callId) {
      const reply = pending.get(callId);
      pending.delete(callId);
      return reply ?? 'e' + stringify({ message: 'no pending call ' + callId });
    },
  });
})`;
