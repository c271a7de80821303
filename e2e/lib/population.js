// A population for load: funded senders, lab technicians of the dev chain's demo laboratory
// (HIPAA-attested at genesis) and registered patients who consent to it. Set up with pre-signed
// extrinsics (untimed), each step settled before the next depends on it.
import { randomBytes } from 'node:crypto';
import { u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { dev, identityCommitment, scope, UNIT } from './chain.js';
import { fundAll, freshPairs, nextNonce, presign, settle } from './load.js';

/** The dev chain's demo laboratory; its admin is //Eve. */
export const LAB = 1;
/** The dev chain's demo hospital. */
export const HOSPITAL = 0;

/**
 * `senders` plain accounts, `technicians` lab technicians of LAB and `patients` registered
 * patients consenting to LAB storing and reading their lab results.
 */
export async function population(api, conns, tracker, {
  senders = 0, technicians = 0, patients = 0, funds = 1000n * UNIT, technicianFunds = 10_000n * UNIT,
}) {
  const s = freshPairs(senders);
  const t = freshPairs(technicians);
  const p = freshPairs(patients);
  await fundAll(api, conns, tracker, dev('//Alice'), [...s, ...p], funds);
  // Technicians pay an anchor's deposit and fees hundreds of times over.
  if (t.length) await fundAll(api, conns, tracker, dev('//Alice'), t, technicianFunds);
  if (t.length) {
    const eve = dev('//Eve');
    let nonce = await nextNonce(api, eve.address);
    await settle(api, conns, tracker, t.map((tech) => ({
      kind: 'addMember',
      ...presign(api, api.tx.organizations.addMember(tech.address, 'LabTechnician'), eve, nonce++),
    })));
  }
  if (p.length) {
    const items = [];
    for (const patient of p) {
      items.push({
        kind: 'register',
        ...presign(api, api.tx.patientIdentity.register(identityCommitment('id', randomBytes(32), patient.address)), patient, 0),
      });
      items.push({ kind: 'grant', ...presign(api, labConsent(api, patient), patient, 1) });
    }
    await settle(api, conns, tracker, items);
  }
  return { senders: s, technicians: t, patients: p };
}

/** `patient` lets LAB store and read their lab results. */
export function labConsent(api, patient, terms = 'lab terms v1') {
  return api.tx.consent.grantConsent(
    patient.address,
    { Organization: LAB },
    { decision: 'Permit', scope: scope({ actions: ['Store', 'Access'], categories: ['LabResult'] }) },
    [],
    blake2AsHex(terms, 256),
    null,
    null,
    'Allowed',
  );
}

/** A lab report about `patient`, anchored by a technician. */
export function anchorTx(api, patient) {
  return api.tx.recordAnchors.anchorRecord(
    { Patient: patient.address },
    u8aToHex(randomBytes(32)),
    'Blake2b256',
    'LabResult',
    'DiagnosticReport',
    [],
    '0x',
    null,
    'TREAT',
    null,
  );
}

/** A technician's read of `patient`'s lab results, logged. */
export function accessTx(api, patient) {
  return api.tx.consent.recordAccess(patient.address, 'Access', 'LabResult', null, [], 'TREAT', 'Success', null, null);
}
