// Builds the language client for `flowlint lsp` from the current settings.

import * as os from 'node:os';
import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import {
  asStringList,
  describeCommand,
  documentFilters,
  initializationOptions,
  LaunchSettings,
  processOptions,
  ProcessOptions,
  serverCommand,
  ServerCommand,
} from './launch';

export const CLIENT_ID = 'flowlint';
const CLIENT_NAME = 'flowlint';

const DEFAULT_FILE_GLOBS = ['**/*.flow.json', '**/flows/**/*.json', '**/studio/**/*.json'];

/** Settings whose change needs a new server process (trace.server is applied live by the client). */
export const RESTART_SETTINGS = ['flowlint.path', 'flowlint.interpreter', 'flowlint.args', 'flowlint.fileGlobs'];

function readLaunchSettings(configuration: vscode.WorkspaceConfiguration): LaunchSettings {
  return {
    path: asStringList(configuration.get('path')),
    interpreter: asStringList(configuration.get('interpreter')),
    args: asStringList(configuration.get('args')),
  };
}

function readFileGlobs(configuration: vscode.WorkspaceConfiguration): string[] {
  const globs = asStringList(configuration.get('fileGlobs'));
  return globs.length > 0 ? globs : DEFAULT_FILE_GLOBS;
}

export interface ClientPlan {
  command: ServerCommand;
  fileGlobs: string[];
  process: ProcessOptions;
  /** `vscode.workspace.isTrusted` when the plan was made (a grant restarts the server). */
  trusted: boolean;
}

/** Reads the settings once so that what is logged is exactly what gets started. */
export function planClient(): ClientPlan {
  const configuration = vscode.workspace.getConfiguration('flowlint');
  const workspaceFolder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const trusted = vscode.workspace.isTrusted;
  // A user-level `${workspaceFolder}/.venv/bin/python` would run a program from the untrusted
  // checkout: left unexpanded, it fails to start and says so instead.
  const substitutions = { workspaceFolder: trusted ? workspaceFolder : undefined, userHome: os.homedir() };
  return {
    command: serverCommand(readLaunchSettings(configuration), substitutions),
    fileGlobs: readFileGlobs(configuration),
    process: processOptions(workspaceFolder, trusted, os.homedir(), process.env),
    trusted,
  };
}

export function createClient(plan: ClientPlan, outputChannel: vscode.LogOutputChannel): LanguageClient {
  const serverOptions: ServerOptions = {
    command: plan.command.command,
    args: plan.command.args,
    transport: TransportKind.stdio,
    options: { cwd: plan.process.cwd, env: plan.process.env },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentFilters(plan.fileGlobs),
    outputChannel,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    // fileGlobs is a hint (the server decides which JSON documents are flows); trustedWorkspace
    // lets the server load the project's own rule folders (Python code) in a trusted workspace.
    initializationOptions: initializationOptions(plan.fileGlobs, plan.trusted),
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}

export function describePlan(plan: ClientPlan): string {
  const trust = plan.trusted ? 'trusted workspace' : 'untrusted workspace: project rule folders not loaded';
  return `${describeCommand(plan.command)} (cwd: ${plan.process.cwd ?? 'none'}; files: ${plan.fileGlobs.join(', ')}; ${trust})`;
}
