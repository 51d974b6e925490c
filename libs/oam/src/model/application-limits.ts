/** Largest Application document accepted (1 MiB). Larger input is `payload_too_large`. */
export const MAX_APPLICATION_BYTES = 1024 * 1024;
/** Most components one Application may hold. */
export const MAX_COMPONENTS = 2000;
/** Longest a component (or its traits) may be given before the deploy gives up, in seconds (7 days). */
export const MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;

export const OAM_API_VERSION = 'core.oam.dev/v1beta1';
export const OAM_KIND = 'Application';

/** DNS-1123 label: names of the app, components, policies and workflow steps. */
export const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_MAX = 63;
export const dns1123Message =
  "must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters";

/** Output names: identifiers, so `${{ outputs.NAME }}` can always name them. */
export const outputName = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const outputNameMessage = 'must be an identifier ([A-Za-z_][A-Za-z0-9_]*)';

/** Parameter names: identifiers that may also contain '-', so `${{ parameters.X }}` can name them. */
export const parameterName = /^[A-Za-z_][A-Za-z0-9_-]*$/;
export const parameterNameMessage = "must be an identifier ([A-Za-z_][A-Za-z0-9_-]*)";
