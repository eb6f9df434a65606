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

/** A document filter of the language client (its shape, without importing vscode). */
export interface DocumentFilter {
  scheme: string;
  language: string;
  pattern: string;
}

/** `flowlint test` files: the server checks them against their format and their flow. */
export const TEST_FILE_PATTERN = '**/*.flowtest.yaml';

/** The documents the server is given: JSON matching the flow globs, and test files. */
export function documentFilters(flowGlobs: readonly string[]): DocumentFilter[] {
  // VS Code matches these patterns against the absolute path of the document.
  return [
    ...flowGlobs.map((pattern) => ({ scheme: 'file', language: 'json', pattern })),
    { scheme: 'file', language: 'yaml', pattern: TEST_FILE_PATTERN },
  ];
}

/** What the server is told at initialization (`initializationOptions`). */
export interface InitializationOptions {
  /** A hint: which files the editor sends; the server decides on its own what is a flow. */
  fileGlobs: string[];
  /**
   * `vscode.workspace.isTrusted`: only then may the server load the `rules-dirs` of the
   * project configuration, which are Python from the repository (docs/security.md).
   */
  trustedWorkspace: boolean;
}

export function initializationOptions(fileGlobs: readonly string[], isTrusted: boolean): InitializationOptions {
  return { fileGlobs: [...fileGlobs], trustedWorkspace: isTrusted === true };
}

/** Where and with which environment the server process starts. */
export interface ProcessOptions {
  cwd: string | undefined;
  env: Record<string, string | undefined>;
}

/**
 * In an untrusted workspace the server does not start in the workspace folder: a bare
 * `flowlint` may be looked up in the working folder first (Windows), and `python -m` puts the
 * working folder on `sys.path`, so a checked-out `flowlint.exe` or `flowlint/` would run.
 * PYTHONSAFEPATH=1 (Python 3.11+, which flowlint needs) keeps `-m` from adding it in any case.
 */
export function processOptions(
  workspaceFolder: string | undefined,
  isTrusted: boolean,
  userHome: string,
  environment: Record<string, string | undefined>,
): ProcessOptions {
  return {
    cwd: isTrusted ? workspaceFolder : userHome,
    env: { ...environment, PYTHONSAFEPATH: '1' },
  };
}
