// Consortium governance and compliance through polkadot.js: the council admits a laboratory, the
// dev chain's accredited auditor attests it, and `is_compliant` flips from refused to allowed and
// back to refused on revocation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useDevChain } from '../lib/suite.js';
import { freshAccount, submit, findEvent, councilExecute, dev } from '../lib/chain.js';


const chain = useDevChain();

function refusal(result) {
  assert.ok(result.isErr, `expected a refusal, got ${result.toString()}`);
  return result.asErr.toJSON();
}

test('council admits a lab; attestation makes it compliant; revocation refuses it again', async () => {
  const labAdmin = await freshAccount(chain.api);
  const doc = '0x' + '11'.repeat(32);
  const events = await councilExecute(chain.api, chain.api.tx.organizations.admit(labAdmin.address, 'Laboratory', doc));
  const admitted = findEvent(events, 'organizations', 'OrganizationAdmitted');
  assert.ok(admitted, 'OrganizationAdmitted emitted');
  const org = admitted.data.org.toNumber();
  assert.equal(admitted.data.kind.toString(), 'Laboratory');

  const membership = await chain.api.call.complianceApi.membership(labAdmin.address);
  assert.equal(membership.unwrap().organization.toNumber(), org);
  assert.equal(membership.unwrap().role.toString(), 'Administrator');

  // Genesis requires labs to hold a HIPAA Security Rule attestation to anchor lab results.
  assert.deepEqual(refusal(await chain.api.call.complianceApi.isCompliant(org, 'LabResult')), {
    missingAttestation: 'HipaaSecurityRule',
  });

  const auditor = dev('//Bob//stash'); // auditor member of the dev chain's accredited attestor
  const header = await chain.api.rpc.chain.getHeader();
  const expiresAt = header.number.toNumber() + 100_000;
  const attested = await submit(
    chain.api,
    chain.api.tx.compliance.attest({ Organization: org }, 'HipaaSecurityRule', '0x' + 'ee'.repeat(32), expiresAt),
    auditor,
  );
  const issued = findEvent(attested.events, 'compliance', 'AttestationIssued');
  assert.ok(issued, 'AttestationIssued emitted');
  const id = issued.data.id.toNumber();
  assert.ok((await chain.api.call.complianceApi.isCompliant(org, 'LabResult')).isOk, 'compliant after attestation');

  await submit(chain.api, chain.api.tx.compliance.revoke(id, 'NonCompliance'), auditor);
  assert.deepEqual(refusal(await chain.api.call.complianceApi.isCompliant(org, 'LabResult')), {
    attestationRevoked: 'HipaaSecurityRule',
  });
});

test('a non-member cannot attest and a single councillor cannot admit', async () => {
  const stranger = await freshAccount(chain.api);
  await assert.rejects(
    submit(chain.api, chain.api.tx.compliance.attest({ Organization: 0 }, 'HipaaSecurityRule', '0x' + '00'.repeat(32), 10_000), stranger),
    (e) => e.module === 'compliance.NotAttestorMember',
  );
  await assert.rejects(
    submit(chain.api, chain.api.tx.organizations.admit(stranger.address, 'Clinic', '0x' + '00'.repeat(32)), stranger),
    (e) => /BadOrigin/.test(e.message),
  );
});

test('demo providers of the dev chain are compliant out of the box', async () => {
  for (const [org, category] of [[0, 'Imaging'], [1, 'LabResult'], [2, 'Prescription'], [3, 'Claim']]) {
    const r = await chain.api.call.complianceApi.isCompliant(org, category);
    assert.ok(r.isOk, `org ${org} compliant for ${category}: ${r.toString()}`);
  }
});
