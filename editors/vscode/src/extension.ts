// Entry point: starts `flowlint lsp`, restarts it on command or when its settings change.

import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { createClient, describePlan, planClient, RESTART_SETTINGS } from './client';

let client: LanguageClient | undefined;
let outputChannel: vscode.LogOutputChannel;
// Start and stop run one after another, so a burst of setting changes cannot start two servers.
let lifecycle: Promise<void> = Promise.resolve();

function enqueue(step: () => Promise<void>): Promise<void> {
  lifecycle = lifecycle.then(step, step);
  return lifecycle;
}

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  if (running === undefined) {
    return;
  }
  try {
    await running.stop();
  } catch (error) {
    // A server that never started or already died cannot be stopped cleanly; that is fine.
    outputChannel.debug(`Stopping the server: ${String(error)}`);
  }
}

async function startClient(): Promise<void> {
  const plan = planClient();
  outputChannel.info(`Starting ${describePlan(plan)}`);
  const candidate = createClient(plan, outputChannel);
  try {
    await candidate.start();
    client = candidate;
  } catch (error) {
    outputChannel.error(`Could not start the flowlint language server: ${String(error)}`);
    try {
      await candidate.dispose();
    } catch {
      // Nothing left to clean up.
    }
    void reportStartFailure(String(error));
  }
}

async function reportStartFailure(reason: string): Promise<void> {
  const openSettings = 'Open Settings';
  const showOutput = 'Show Output';
  const choice = await vscode.window.showErrorMessage(
    `flowlint: the language server did not start (${reason}). ` +
      'Install flowlint (for example `pipx install "flowlint-studio @ git+https://github.com/flowlint/flowlint"`) or set flowlint.path or flowlint.interpreter.',
    openSettings,
    showOutput,
  );
  if (choice === openSettings) {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'flowlint');
  } else if (choice === showOutput) {
    outputChannel.show();
  }
}

function restart(): Promise<void> {
  return enqueue(async () => {
    await stopClient();
    await startClient();
  });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  outputChannel = vscode.window.createOutputChannel('flowlint', { log: true });
  context.subscriptions.push(
    outputChannel,
    vscode.commands.registerCommand('flowlint.restart', () => restart()),
    vscode.commands.registerCommand('flowlint.showOutput', () => outputChannel.show()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (RESTART_SETTINGS.some((setting) => event.affectsConfiguration(setting))) {
        outputChannel.info('flowlint settings changed; restarting the server.');
        void restart();
      }
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void restart()),
    // Trust changes what the server may load (the project's rule folders), which it learns
    // only at initialization.
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      outputChannel.info('Workspace trusted; restarting the server.');
      void restart();
    }),
  );
  await enqueue(startClient);
}

export function deactivate(): Promise<void> {
  return enqueue(stopClient);
}
