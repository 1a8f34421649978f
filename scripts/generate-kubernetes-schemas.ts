/**
 * Writes src/core/kubernetes/schemas.generated.ts: the Kubernetes API objects of the group
 * versions Kubernetes serves by default (see `servedGroupVersions`), as a compact schema the
 * loader's validator walks (src/core/kubernetes/validate.ts). Read from the dev dependency
 * `kubernetes-models` (22 MB): its TypeScript declarations give every object's fields, which
 * are required and which are enums; its compiled validators tell integers from other numbers.
 * Descriptions and `status` are left out. Run it after upgrading kubernetes-models:
 *   npx tsx scripts/generate-kubernetes-schemas.ts
 * tests/unit/kubernetes-schemas.test.ts fails while the committed file differs from its output.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { kubernetesSchemaBundle, schemaModuleText } from './kubernetes-schema-bundle.ts';

const target = fileURLToPath(new URL('../src/core/kubernetes/schemas.generated.ts', import.meta.url));
const bundle = kubernetesSchemaBundle();
const text = schemaModuleText(bundle);
writeFileSync(target, text);
const kinds = Object.values(bundle.kinds).reduce((n, k) => n + k.length, 0);
console.log(`${target}: Kubernetes ${bundle.kubernetes}, ${kinds} kinds, ${Object.keys(bundle.types).length} types, ${Math.round(text.length / 1024)} kB`);
