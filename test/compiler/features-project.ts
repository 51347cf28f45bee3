// The golden features project, assembled in a temporary folder: its tenant and mappings from
// test/compiler/golden/features/project/, its metadata the sandbox snapshot plus two fields the
// sandbox lacks (a writable Campaign date-time and a Dynamics Edm.Date on an activity), so that
// every writer has a slot.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function featuresProject(repoRoot: string): string {
  const root = mkdtempSync(path.join(tmpdir(), 'ferry-features-'));
  cpSync(path.join(repoRoot, 'test/compiler/golden/features/project'), root, { recursive: true });
  const meta = path.join(root, 'tenants/features/metadata');
  cpSync(path.join(repoRoot, 'tenants/sandbox/metadata'), meta, { recursive: true });

  const csdl = path.join(meta, 'dynamics/metadata.xml');
  const anchor = '<EntityType Name="ferry_emailsend" BaseType="mscrm.activitypointer">';
  const xml = readFileSync(csdl, 'utf8');
  if (!xml.includes(anchor)) throw new Error(`sandbox metadata.xml no longer has ${anchor}`);
  writeFileSync(csdl, xml.replace(anchor, `${anchor}\n<Property Name="ferry_senddate" Type="Edm.Date"/>`));

  const profileFile = path.join(meta, 'campaign/profile.json');
  const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as { content: Record<string, unknown> };
  profile.content['cusLastSeen'] = {
    PKey: '@ZmllbGQ6Y3VzTGFzdFNlZW4',
    apiName: 'cusLastSeen',
    category: 'custom',
    label: 'Last seen',
    type: 'datetime',
    mandatory: false,
    readOnly: false,
    sortable: true,
  };
  writeFileSync(profileFile, JSON.stringify(profile, null, 2));
  return root;
}
