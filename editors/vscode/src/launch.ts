// How the settings turn into the command that starts `flowlint lsp`.
// Kept free of the `vscode` module so it can be unit-tested with plain Node.

/** The flowlint.* settings that decide how the server is started. */
export interface LaunchSettings {
  /** Executable plus leading arguments; `lsp` is appended. */
  path: readonly string[];
  /** Python interpreter plus arguments; `-m flowlint lsp` is appended. Wins over `path`. */
  interpreter: readonly string[];
  /** Appended after `lsp`. */
  args: readonly string[];
}

/** What to substitute for the variables a user may write in the settings. */
export interface Substitutions {
  workspaceFolder?: string;
  userHome: string;
}

export interface ServerCommand {
  command: string;
  args: string[];
}

export const DEFAULT_EXECUTABLE = 'flowlint';

/**
 * Accepts the documented array form and, leniently, a single string, because
 * people often write `"flowlint.interpreter": "/usr/bin/python3"` by hand.
 */
export function asStringList(value: unknown): string[] {
  if (typeof value === 'string') {
    return value.trim() === '' ? [] : [value];
  }
  if (Array.isArray(value)) {
    return value.filter((item): item is string => typeof item === 'string' && item !== '');
  }
  return [];
}

export function expandVariables(value: string, substitutions: Substitutions): string {
  let expanded = value.replace(/\$\{userHome\}/g, substitutions.userHome);
  if (substitutions.workspaceFolder !== undefined) {
    expanded = expanded.replace(/\$\{workspaceFolder\}/g, substitutions.workspaceFolder);
  }
  if (expanded === '~' || expanded.startsWith('~/') || expanded.startsWith('~\\')) {
    expanded = substitutions.userHome + expanded.slice(1);
  }
  return expanded;
}

export function serverCommand(settings: LaunchSettings, substitutions: Substitutions): ServerCommand {
  const expand = (items: readonly string[]) => items.map((item) => expandVariables(item, substitutions));
  const extraArgs = expand(settings.args);
  if (settings.interpreter.length > 0) {
    const [python, ...pythonArgs] = expand(settings.interpreter);
    return { command: python, args: [...pythonArgs, '-m', 'flowlint', 'lsp', ...extraArgs] };
  }
  const [executable, ...leadingArgs] = settings.path.length > 0 ? expand(settings.path) : [DEFAULT_EXECUTABLE];
  return { command: executable, args: [...leadingArgs, 'lsp', ...extraArgs] };
}

/** For the output channel and error messages. Quotes only what needs quoting. */
export function describeCommand({ command, args }: ServerCommand): string {
  return [command, ...args].map((part) => (/^[\w@%+=:,./\\-]+$/.test(part) ? part : JSON.stringify(part))).join(' ');
}
