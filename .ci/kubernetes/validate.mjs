// Validates Kubernetes manifests against the API schemas that kubernetes-models bundles: each
// document's apiVersion and kind must name a known type, and the document must match its schema
// (types, required fields, formats). Exits non-zero when any document does not.
//   node .ci/kubernetes/validate.mjs deploy/kubernetes [more files or folders]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const files = process.argv.slice(2).flatMap(path => statSync(path).isDirectory()
  ? readdirSync(path).filter(name => /\.ya?ml$/.test(name)).sort().map(name => join(path, name))
  : [path]);
if (files.length === 0) {
  console.error('usage: validate.mjs FILE_OR_FOLDER...');
  process.exit(2);
}

let failures = 0;
let checked = 0;
for (const file of files) {
  for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
    if (document.errors.length > 0) {
      failures++;
      console.log(`FAIL ${file}: not YAML: ${document.errors.map(e => e.message).join('; ')}`);
      continue;
    }
    const manifest = document.toJS();
    if (manifest === null) {
      continue;
    }
    const name = `${file}: ${manifest.kind ?? '?'} ${manifest.metadata?.name ?? '?'}`;
    try {
      const model = await modelOf(manifest);
      new model(manifest).validate();
      checked++;
      console.log(`ok   ${name}`);
    } catch (error) {
      failures++;
      console.log(`FAIL ${name}: ${error.message}`);
    }
  }
}

console.log(`${checked} manifests valid, ${failures} invalid`);
process.exit(failures === 0 && checked > 0 ? 0 : 1);

// kubernetes-models lays its types out by API version: kubernetes-models/apps/v1/Deployment.
async function modelOf({ apiVersion, kind }) {
  if (typeof apiVersion !== 'string' || !/^([a-z0-9.-]+\/)?v[0-9a-z]+$/.test(apiVersion) || typeof kind !== 'string' || !/^[A-Za-z]+$/.test(kind)) {
    throw new Error(`apiVersion "${apiVersion}" and kind "${kind}" do not name a Kubernetes type`);
  }
  try {
    return (await import(`kubernetes-models/${apiVersion}/${kind}`))[kind];
  } catch {
    throw new Error(`no Kubernetes type ${kind} in ${apiVersion}`);
  }
}
