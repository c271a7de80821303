// My records: the anchors about me — what kind of record, who made it, when, its status and
// versions — and checking a file I hold against its anchor, hashed here (nothing is uploaded).
import { useEffect, useState } from 'preact/hooks';
import { blake2AsHex, keccak256AsU8a, sha256AsU8a } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { dateOfBlock, health } from '../chain';
import { orgName } from '../directory';
import { useSession } from '../session';
import { category, day } from '../words';

export interface Anchor {
  id: number; author: string; organization: number | null; contentHash: string; hashAlgorithm: string;
  category: string; resourceType: string; labels: string[]; status: string; clinicalTime: number | null;
  anchoredAt: number | null; original: number; latest: number;
}

/** The hash of `bytes` as anchor algorithm `algorithm` computes it. */
export function hashAs(algorithm: string, bytes: Uint8Array): string {
  switch (algorithm) {
    case 'Sha256': return u8aToHex(sha256AsU8a(bytes));
    case 'Keccak256': return u8aToHex(keccak256AsU8a(bytes));
    default: return blake2AsHex(bytes, 256);
  }
}

const STATUS: Record<string, string> = {
  Current: 'current', Superseded: 'replaced by a newer version', EnteredInError: 'entered in error', Withdrawn: 'withdrawn',
};

export function Records() {
  const { api, account, patient, own, orgs, clock, tick, finalized } = useSession();
  const [anchors, setAnchors] = useState<Anchor[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Anchors under my pseudonyms, by the organisation the pseudonym is for.
  const [pseudonymous, setPseudonymous] = useState<{ organization: number; anchor: Anchor }[]>([]);

  useEffect(() => {
    // The pseudonyms are the signed-in wallet's own: not shown when acting for someone else.
    if (!own) { setPseudonymous([]); return; }
    (async () => {
      const found: { organization: number; anchor: Anchor }[] = [];
      for (const { organization, address } of account.pseudonymKeys ?? []) {
        const pseudonym = (await api.query.patientIdentity.pseudonymKeys(address)) as unknown as { isSome: boolean; unwrap(): { toHex(): string } };
        if (!pseudonym.isSome) continue;
        const page = await health<{ items: Anchor[] }>(api, 'anchorsOfPseudonym', [pseudonym.unwrap().toHex(), 0, 100]);
        for (const anchor of page.items) found.push({ organization, anchor });
      }
      setPseudonymous(found);
    })().catch(() => setPseudonymous([]));
  }, [api, account, patient, own, tick, finalized]);

  // Anchors are listed from the node's index of finalized blocks: reload as blocks finalize.
  useEffect(() => {
    health<{ items: Anchor[] }>(api, 'anchorsOfPatient', [patient, 0, 100])
      .then((page) => { setAnchors(page.items); setError(null); })
      .catch((e: Error) => setError(`The records could not be listed: ${e.message}`));
  }, [api, patient, tick, finalized]);

  if (error) return <p role="alert" class="error">{error}</p>;
  if (!anchors) return <p aria-busy="true">Loading your records…</p>;
  return (
    <section aria-labelledby="records-title">
      <h2 id="records-title">My records</h2>
      <p class="hint">Each record is kept by the organisation that made it; the chain holds only its fingerprint (hash).</p>
      {anchors.length === 0 && pseudonymous.length === 0 && <p id="no-records">No records about you yet.</p>}
      <ul class="cards" id="records">
        {[...anchors.map((a) => ({ a, under: null as number | null })), ...pseudonymous.map(({ organization, anchor }) => ({ a: anchor, under: organization }))].map(({ a, under }) => {
          const when = a.clinicalTime ? new Date(a.clinicalTime * 1000) : a.anchoredAt !== null ? dateOfBlock(clock, a.anchoredAt) : null;
          return (
            <li class="card" data-anchor={a.id} key={a.id}>
              <h3>{category(a.category)} <small>({a.resourceType})</small></h3>
              <dl>
                <dt>From</dt><dd>{orgName(orgs, a.organization)}</dd>
                <dt>Date</dt><dd>{when ? day(when) : 'not yet final'}</dd>
                <dt>Status</dt><dd class={`status-${a.status}`}>{STATUS[a.status] ?? a.status}</dd>
                {under !== null && <><dt>Filed under</dt><dd class="pseudonym">your pseudonym for {orgName(orgs, under)} (nobody else can link it to you)</dd></>}
                <dt>Record</dt><dd>#{a.id}{a.original !== a.id ? `, a new version of #${a.original}` : ''}{a.latest !== a.id ? `; latest version #${a.latest}` : ''}</dd>
                {a.labels.length > 0 && a.labels.some((l) => l !== 'N') && <><dt>Sensitivity</dt><dd>{a.labels.join(', ')}</dd></>}
              </dl>
              <Verify anchor={a} />
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Checks a file the patient holds against the anchor: hashed in the browser, asked of the node by hash only. */
function Verify({ anchor }: { anchor: Anchor }) {
  const { api } = useSession();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  async function check(e: Event) {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    const hash = hashAs(anchor.hashAlgorithm, new Uint8Array(await file.arrayBuffer()));
    try {
      const v = await health<{ valid: boolean }>(api, 'verifyRecord', [anchor.id, hash]);
      setResult(v.valid
        ? { ok: true, text: `${file.name} is exactly record #${anchor.id}.` }
        : { ok: false, text: `${file.name} is NOT record #${anchor.id}: it differs from what was anchored.` });
    } catch (err) {
      setResult({ ok: false, text: `The check failed: ${(err as Error).message}` });
    }
  }
  return (
    <div class="verify">
      <label for={`verify-${anchor.id}`}>Check a file against this record</label>
      <input type="file" id={`verify-${anchor.id}`} onChange={check} />
      {result && <p role="status" class={result.ok ? 'ok' : 'error'} data-verified={String(result.ok)}>{result.text}</p>}
    </div>
  );
}
