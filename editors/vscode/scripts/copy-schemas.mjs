// Copies the editor schema (editors/studio-flow.schema.json, what `flowlint schema` prints:
// per-widget properties, unknown ones reported) into this extension, where
// contributes.jsonValidation points, with the flow-definition and widget schemas of schemas/.
// Never fails the build for a missing schema: it then ships a permissive placeholder and warns.

import { cpSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const extensionRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const repositorySchemas = join(extensionRoot, '..', '..', 'schemas');
const target = join(extensionRoot, 'schemas');
const schemaName = 'flow-definition.schema.json';

rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });

const source = join(repositorySchemas, schemaName);
if (existsSync(source)) {
  cpSync(source, join(target, schemaName));
  console.log(`copy-schemas: ${schemaName}`);
} else {
  console.warn(`copy-schemas: WARNING ${source} not found; bundling a placeholder schema`);
  const placeholder = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Twilio Studio Flow definition (placeholder: the real schema was missing at build time)',
    type: 'object',
  };
  writeFileSync(join(target, schemaName), JSON.stringify(placeholder, null, 2) + '\n');
}

const editorSchema = join(extensionRoot, '..', 'studio-flow.schema.json');
if (existsSync(editorSchema)) {
  cpSync(editorSchema, join(target, 'studio-flow.schema.json'));
  console.log('copy-schemas: studio-flow.schema.json');
} else {
  console.warn(`copy-schemas: WARNING ${editorSchema} not found; using the envelope schema`);
  cpSync(join(target, schemaName), join(target, 'studio-flow.schema.json'));
}

// The schema of `flowlint test` files (what `flowlint schema --test-file` prints), where
// contributes.yamlValidation points (read by the Red Hat YAML extension).
const testFileSchema = join(extensionRoot, '..', 'flowtest.schema.json');
if (existsSync(testFileSchema)) {
  cpSync(testFileSchema, join(target, 'flowtest.schema.json'));
  console.log('copy-schemas: flowtest.schema.json');
} else {
  console.warn(`copy-schemas: WARNING ${testFileSchema} not found; bundling a placeholder schema`);
  const placeholder = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' };
  writeFileSync(join(target, 'flowtest.schema.json'), JSON.stringify(placeholder, null, 2) + '\n');
}

// The main schema may $ref widget schemas by relative path, so keep the same layout.
const widgets = join(repositorySchemas, 'widgets');
if (existsSync(widgets) && statSync(widgets).isDirectory()) {
  cpSync(widgets, join(target, 'widgets'), { recursive: true });
  console.log('copy-schemas: widgets/');
}
