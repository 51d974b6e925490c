import { DomainError } from '@appmanager/contracts';

/**
 * A small, predictable subset of .gitignore: `*` (within a segment), `**` (any depth),
 * `?`, a trailing `/` for directories only, and a `/` anywhere else anchoring the
 * pattern at the packed directory's root (otherwise it matches a name at any depth).
 * Negation (`!`) and character classes are refused rather than half-supported.
 */
export interface IgnoreRule {
  pattern: string;
  regex: RegExp;
  dirOnly: boolean;
  anchored: boolean;
}

const escapeRegex = (text: string) => text.replace(/[.+^${}()|[\]\\]/g, '\\$&');

function globToRegexSource(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i += 1) {
    const char = glob[i];
    if (char === '*' && glob[i + 1] === '*') {
      const slashAfter = glob[i + 2] === '/';
      out += slashAfter ? '(?:.*/)?' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (char === '*') out += '[^/]*';
    else if (char === '?') out += '[^/]';
    else out += escapeRegex(char ?? '');
  }
  return out;
}

/** Parses ignore-file text. `source` names the file in errors (e.g. `.amignore`). */
export function parseIgnorePatterns(text: string, source: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trimEnd();
    if (line === '' || line.startsWith('#')) return;
    const problem = line.startsWith('!') ? 'negation ("!") is not supported' : /[[\]]/.test(line) ? 'character classes ("[...]") are not supported' : undefined;
    if (problem) {
      throw new DomainError('bad_request', `${source} line ${index + 1}: ${problem}`, [{ path: source, line: index + 1, message: problem }]);
    }
    const dirOnly = line.endsWith('/');
    const body = dirOnly ? line.slice(0, -1) : line;
    const anchored = body.includes('/');
    const glob = body.startsWith('/') ? body.slice(1) : body;
    rules.push({ pattern: line, dirOnly, anchored, regex: new RegExp(`^${globToRegexSource(glob)}$`) });
  });
  return rules;
}

/** Whether `path` (relative, POSIX) is ignored. Callers skip ignored directories entirely. */
export function isIgnored(rules: readonly IgnoreRule[], path: string, isDirectory: boolean): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return rules.some((rule) => (!rule.dirOnly || isDirectory) && rule.regex.test(rule.anchored ? path : name));
}
