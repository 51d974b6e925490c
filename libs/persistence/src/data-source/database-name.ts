/** Each service owns one MySQL database (its "schema"): `${prefix}_${service}`, dashes folded. */
export const serviceDatabaseName = (prefix: string, service: string): string => `${prefix}_${service.replace(/-/g, '_')}`;
