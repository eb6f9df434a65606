// Unit tests for how settings become the server command (no VS Code needed).

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import {
  asStringList,
  describeCommand,
  documentFilters,
  expandVariables,
  initializationOptions,
  processOptions,
  serverCommand,
} from '../src/launch';

const home = { userHome: '/home/ada', workspaceFolder: '/work/flows' };

test('defaults to flowlint on PATH', () => {
  assert.deepEqual(serverCommand({ path: [], interpreter: [], args: [] }, home), {
    command: 'flowlint',
    args: ['lsp'],
  });
});

test('path keeps its leading arguments before lsp, extra args go after', () => {
  const command = serverCommand({ path: ['uv', 'run', 'flowlint'], interpreter: [], args: ['--verbose'] }, home);
  assert.deepEqual(command, { command: 'uv', args: ['run', 'flowlint', 'lsp', '--verbose'] });
});

test('interpreter wins over path and runs the module', () => {
  const command = serverCommand(
    { path: ['flowlint'], interpreter: ['${workspaceFolder}/.venv/bin/python'], args: [] },
    home,
  );
  assert.deepEqual(command, { command: '/work/flows/.venv/bin/python', args: ['-m', 'flowlint', 'lsp'] });
});

test('expands ~ and ${userHome}, leaves ${workspaceFolder} alone without a folder', () => {
  assert.equal(expandVariables('~/.local/bin/flowlint', home), '/home/ada/.local/bin/flowlint');
  assert.equal(expandVariables('${userHome}/bin/flowlint', home), '/home/ada/bin/flowlint');
  assert.equal(expandVariables('${workspaceFolder}/x', { userHome: '/h' }), '${workspaceFolder}/x');
  assert.equal(expandVariables('a~b', home), 'a~b');
});

test('accepts a bare string where an array is documented', () => {
  assert.deepEqual(asStringList('/usr/bin/python3'), ['/usr/bin/python3']);
  assert.deepEqual(asStringList(''), []);
  assert.deepEqual(asStringList(['a', 3, '', 'b']), ['a', 'b']);
  assert.deepEqual(asStringList(undefined), []);
});

test('describes a command with quotes only where needed', () => {
  assert.equal(describeCommand({ command: '/opt/my tools/flowlint', args: ['lsp'] }), '"/opt/my tools/flowlint" lsp');
});

test('tells the server whether the workspace is trusted, only ever as a boolean', () => {
  assert.deepEqual(initializationOptions(['**/*.flow.json'], true), {
    fileGlobs: ['**/*.flow.json'],
    trustedWorkspace: true,
  });
  assert.equal(initializationOptions([], false).trustedWorkspace, false);
  assert.equal(initializationOptions([], 'yes' as unknown as boolean).trustedWorkspace, false);
});

test('an untrusted workspace is not the working folder of the server', () => {
  const environment = { PATH: '/usr/bin' };
  assert.deepEqual(processOptions('/work/flows', true, '/home/ada', environment), {
    cwd: '/work/flows',
    env: { PATH: '/usr/bin', PYTHONSAFEPATH: '1' },
  });
  assert.equal(processOptions('/work/flows', false, '/home/ada', environment).cwd, '/home/ada');
  assert.equal(processOptions(undefined, false, '/home/ada', {}).env.PYTHONSAFEPATH, '1');
});

test('without a workspace folder to substitute, ${workspaceFolder} stays as written', () => {
  const command = serverCommand(
    { path: [], interpreter: ['${workspaceFolder}/.venv/bin/python'], args: [] },
    { userHome: '/home/ada' },
  );
  assert.equal(command.command, '${workspaceFolder}/.venv/bin/python');
});

test('the server gets the flow globs as JSON documents, and test files as YAML', () => {
  assert.deepEqual(documentFilters(['**/*.flow.json']), [
    { scheme: 'file', language: 'json', pattern: '**/*.flow.json' },
    { scheme: 'file', language: 'yaml', pattern: '**/*.flowtest.yaml' },
  ]);
});
