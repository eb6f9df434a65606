// Builds the language client for `flowlint lsp` from the current settings.

import * as os from 'node:os';
import * as vscode from 'vscode';
import {
  DocumentSelector,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import { asStringList, describeCommand, LaunchSettings, serverCommand, ServerCommand } from './launch';

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

function documentSelector(globs: readonly string[]): DocumentSelector {
  // VS Code matches these patterns against the absolute path of the document.
  return globs.map((pattern) => ({ scheme: 'file', language: 'json', pattern }));
}

export interface ClientPlan {
  command: ServerCommand;
  fileGlobs: string[];
  cwd: string | undefined;
}

/** Reads the settings once so that what is logged is exactly what gets started. */
export function planClient(): ClientPlan {
  const configuration = vscode.workspace.getConfiguration('flowlint');
  const workspaceFolder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return {
    command: serverCommand(readLaunchSettings(configuration), { workspaceFolder, userHome: os.homedir() }),
    fileGlobs: readFileGlobs(configuration),
    cwd: workspaceFolder,
  };
}

export function createClient(plan: ClientPlan, outputChannel: vscode.LogOutputChannel): LanguageClient {
  const serverOptions: ServerOptions = {
    command: plan.command.command,
    args: plan.command.args,
    transport: TransportKind.stdio,
    options: { cwd: plan.cwd },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(plan.fileGlobs),
    outputChannel,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    // A hint for the server; it decides on its own which JSON documents are flows.
    initializationOptions: { fileGlobs: plan.fileGlobs },
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}

export function describePlan(plan: ClientPlan): string {
  return `${describeCommand(plan.command)} (cwd: ${plan.cwd ?? 'none'}; files: ${plan.fileGlobs.join(', ')})`;
}
