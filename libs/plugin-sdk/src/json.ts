/**
 * Values that cross the sandbox boundary. Everything a plugin receives or returns is
 * copied as JSON, so functions, class instances, Maps, cycles and the like never
 * survive the trip — the types say so up front.
 */
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
export type JsonArray = JsonValue[];

/** A plugin method may answer directly or with a promise. */
export type Awaitable<T> = T | Promise<T>;
