// Names of the consortium's organisations. The chain knows organisations by number, kind and the
// hash of their registration document; their names are published off chain by the consortium
// (here `directory.json`, served with the app), so the patient reads "City Lab", not "1".
import type { ApiPromise } from '@polkadot/api';

export interface Organisation { id: number; kind: string; status: string; name: string }

export async function organisations(api: ApiPromise): Promise<Map<number, Organisation>> {
  let names: Record<string, string> = {};
  try {
    const res = await fetch(`${import.meta.env.BASE_URL}directory.json`);
    if (res.ok) names = ((await res.json()) as { organisations: Record<string, string> }).organisations ?? {};
  } catch {
    // Without the directory the app still works with numbers.
  }
  const entries = await api.query.organizations.organizations.entries();
  const out = new Map<number, Organisation>();
  for (const [key, value] of entries) {
    const id = (key.args[0] as unknown as { toNumber(): number }).toNumber();
    const org = (value as unknown as { unwrap(): { kind: { type: string }; status: { type: string } } }).unwrap();
    out.set(id, { id, kind: org.kind.type, status: org.status.type, name: names[String(id)] ?? `Organisation ${id}` });
  }
  return out;
}

export function orgName(orgs: Map<number, Organisation>, id: number | null | undefined): string {
  if (id === null || id === undefined) return 'the patient';
  return orgs.get(id)?.name ?? `Organisation ${id}`;
}
